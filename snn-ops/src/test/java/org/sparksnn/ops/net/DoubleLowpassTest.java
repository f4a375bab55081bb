package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The double lowpass against its plain loop, bit for bit, special values too. */
class DoubleLowpassTest {

  @Test
  void everyStepEqualsThePlainLoopBitForBit() {
    Random r = new Random(31);
    for (int n : new int[] {0, 1, 7, 8, 13, 5000}) {
      double a = Math.exp(-0.001 / (0.001 + 0.01 * r.nextDouble()));
      double[] filtered = new double[n + 1];
      double[] plain = new double[n + 1];
      for (int t = 0; t < 30; t++) {
        float[] x = new float[n + 2];
        for (int k = 0; k < x.length; k++) {
          x[k] = r.nextInt(3) == 0 ? 0f : (float) (r.nextGaussian() * 10);
        }
        if (t == 20 && n > 3) {
          x[0] = Float.NaN;
          x[1] = Float.POSITIVE_INFINITY;
          x[2] = Float.MIN_VALUE;
          x[3] = -0f;
        }
        DoubleLowpass.step(filtered, x, n, a);
        for (int k = 0; k < n; k++) {
          plain[k] = a * plain[k] + (1 - a) * x[k];
        }
        assertArrayEquals(plain, filtered, "n " + n + " step " + t);
      }
      assertEquals(0.0, filtered[n], "nothing past n");
    }
  }

  @Test
  void aShortStateIsAnErrorNamingTheSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DoubleLowpass.step(new double[3], new float[4], 4, 0.5));
    assertEquals(
        "DoubleLowpass: 4 elements, got a state of 3 and 4 inputs", e.getMessage());
  }
}
