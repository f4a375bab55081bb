package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegularEncoderTest {
  @Test
  void documentedExamplePositions() {
    RegularEncoder enc = new RegularEncoder(10, 4);
    assertArrayEquals(new int[] {1, 3, 6, 8}, enc.spikeSteps(1f));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, new RegularEncoder(5, 5).spikeSteps(1f));
    assertArrayEquals(new int[] {5}, new RegularEncoder(10, 1).spikeSteps(1f));
    assertArrayEquals(new int[] {5}, new RegularEncoder(11, 1).spikeSteps(1f));
    assertArrayEquals(new int[] {}, enc.spikeSteps(0f));
    SpikeTrain t = enc.encode(0, new float[] {1f, 0.5f, 0f, 0.62f, 0.625f});
    assertArrayEquals(
        new int[] {4, 2, 0, 2, 2},
        t.countPerInput(),
        "rint(0.62*4) = 2; rint(0.625*4) = rint(2.5) = 2 (half to even)");
    assertTrue(t.get(2, 1) && t.get(7, 1), "n = 2 of 10 steps: windows of 5, middles 2 and 7");
  }

  @Test
  void countIsExactAndSpacingEvenForEveryLevel() {
    for (int steps : new int[] {1, 7, 30, 100}) {
      for (double maxSpikes : new double[] {steps, steps / 3.0, 1}) {
        RegularEncoder enc = new RegularEncoder(steps, maxSpikes);
        for (int level = 0; level <= 255; level++) {
          float p = level / 255f;
          int n = (int) Math.rint(p * maxSpikes);
          int[] at = enc.spikeSteps(p);
          assertEquals(n, at.length, enc + " p=" + p);
          for (int k = 1; k <= n; k++) {
            // step [t, t + 1) holds the middle (2k − 1)·steps/(2n) of the k-th window
            long twiceMiddleTimesN = (2L * k - 1) * steps;
            assertTrue(2L * n * at[k - 1] <= twiceMiddleTimesN, enc + " p=" + p + " k=" + k);
            assertTrue(2L * n * (at[k - 1] + 1) > twiceMiddleTimesN, enc + " p=" + p + " k=" + k);
            if (k > 1) {
              int gap = at[k - 1] - at[k - 2];
              assertTrue(
                  gap == steps / n || gap == (steps + n - 1) / n, "even spacing, gap " + gap);
            }
          }
          SpikeTrain t = enc.encode(0, new float[] {p});
          assertEquals(n, t.totalSpikes());
          for (int s : at) {
            assertTrue(t.get(s, 0));
          }
        }
      }
    }
  }
}
