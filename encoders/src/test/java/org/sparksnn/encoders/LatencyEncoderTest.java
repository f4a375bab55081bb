package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyEncoderTest {
  @Test
  void spikesOnceAtRoundedStepAboveThreshold() {
    LatencyEncoder enc = new LatencyEncoder(11, 0.25);
    SpikeTrain t = enc.encode(0, new float[] {1f, 0.5f, 0.1f, 0.75f, 0f, 0.25f, 0.3f});
    assertArrayEquals(new int[] {1, 1, 0, 1, 0, 0, 1}, t.countPerInput());
    assertTrue(t.get(0, 0), "p = 1 fires at step 0");
    assertTrue(t.get(5, 1), "p = 0.5 fires at rint(0.5*10) = 5");
    assertTrue(t.get(2, 3), "p = 0.75 fires at rint(0.25*10) = rint(2.5) = 2 (half to even)");
    assertTrue(t.get(7, 6), "p = 0.3 fires at rint(0.7*10) = 7");
    assertEquals(-1, enc.spikeStep(0.25f), "p = threshold stays silent (strict >)");
  }

  @Test
  void everyLevelFiresAtItsFormulaStep() {
    LatencyEncoder enc = new LatencyEncoder(30, 0);
    for (int level = 1; level <= 255; level++) {
      float p = level / 255f;
      int expected = (int) Math.rint((1.0 - p) * 29);
      SpikeTrain t = enc.encode(5, new float[] {p});
      assertEquals(1, t.totalSpikes());
      assertTrue(t.get(expected, 0), "p=" + p);
    }
    assertEquals(29, enc.spikeStep(1 / 255f));
    assertEquals(0, enc.encode(0, new float[] {0f}).totalSpikes());
  }
}
