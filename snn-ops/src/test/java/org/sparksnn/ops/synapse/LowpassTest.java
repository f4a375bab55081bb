package org.sparksnn.ops.synapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LowpassTest {
  private static final double DT = 0.001;

  @Test
  void rejectsNegativeOrInfiniteTau() {
    assertEquals(
        "lowpass.tau must be >= 0, got -0.005",
        assertThrows(IllegalArgumentException.class, () -> Lowpass.of(-0.005)).getMessage());
    assertEquals(
        "lowpass.initialLevel must be finite, got NaN",
        assertThrows(IllegalArgumentException.class, () -> new Lowpass(0.01, Double.NaN))
            .getMessage());
  }

  @Test
  void stepResponseHasNoExtraDelay() {
    Lowpass lp = Lowpass.of(0.005);
    double a = Math.exp(-DT / 0.005);
    assertEquals(a, lp.smoothing(DT), 0.0);
    double[] y = lp.newState(1);
    double[] out = new double[1];
    for (int k = 0; k < 50; k++) {
      lp.step(DT, new double[] {1}, y, out);
      // y[k] = 1 − a^(k+1): the input of step k already shows in the output of step k
      assertEquals(1 - Math.pow(a, k + 1), out[0], 1e-14, "step " + k);
      assertEquals(out[0], y[0], 0.0);
    }
    assertEquals(1 - a, firstOutput(lp, 1.0), 0.0);
  }

  private static double firstOutput(Lowpass lp, double x) {
    double[] y = lp.newState(1);
    lp.step(DT, new double[] {x}, y, y);
    return y[0];
  }

  @Test
  void initialLevelDecaysGeometrically() {
    Lowpass lp = new Lowpass(0.02, 3.0);
    double a = lp.smoothing(DT);
    double[] y = lp.newState(2);
    assertArrayEquals(new double[] {3, 3}, y);
    for (int k = 0; k < 30; k++) {
      lp.step(DT, new double[] {0, 3}, y, y);
      assertEquals(3 * Math.pow(a, k + 1), y[0], 1e-13, "step " + k);
      assertEquals(3.0, y[1], 1e-13, "steady state at the input");
    }
  }

  @Test
  void tinyTauPassesTheInputThrough() {
    assertEquals(0.0, Lowpass.smoothing(0, DT), 0.0);
    assertEquals(Math.exp(-DT / 1e-8), Lowpass.smoothing(1e-12, DT), 0.0);
    assertEquals(0.75, firstOutput(Lowpass.of(0), 0.75), 0.0);
  }

  @Test
  void floatStepIsTheDoubleStepRoundedEachStep() {
    Lowpass lp = new Lowpass(0.01, 0.5);
    double a = lp.smoothing(DT);
    float[] in = {0.1f, 1000f, -3.3f};
    float[] y = lp.newFloatState(3);
    float[] out = new float[3];
    double[] ref = {0.5, 0.5, 0.5};
    for (int k = 0; k < 100; k++) {
      lp.step(DT, in, y, out);
      for (int c = 0; c < 3; c++) {
        ref[c] = (float) (a * ref[c] + (1 - a) * in[c]);
        assertEquals((float) ref[c], out[c], 0f, "step " + k);
        assertEquals(out[c], y[c], 0f);
      }
    }
  }

  @Test
  void filterEqualsRepeatedSteps() {
    Lowpass lp = new Lowpass(0.004, -0.2);
    int channels = 3;
    double[] x = randomSequence(40, channels, 1);
    double[] y = new double[x.length];
    lp.filter(DT, x, channels, y);
    double[] state = lp.newState(channels);
    double[] out = new double[channels];
    for (int t = 0; t < 40; t++) {
      lp.step(DT, java.util.Arrays.copyOfRange(x, t * channels, (t + 1) * channels), state, out);
      assertArrayEquals(out, java.util.Arrays.copyOfRange(y, t * channels, (t + 1) * channels));
    }
  }

  /** L = Σ w·y over a random sequence; the BPTT gradient must match central differences. */
  @Test
  void backwardMatchesFiniteDifferencesForTauAndInput() {
    int channels = 4;
    int steps = 60;
    double[] x = randomSequence(steps, channels, 2);
    double[] w = randomSequence(steps, channels, 3);
    for (double tau : new double[] {0.002, 0.01, 0.1}) {
      Lowpass lp = new Lowpass(tau, 0.3);
      double[] y = new double[x.length];
      lp.filter(DT, x, channels, y);
      double[] dx = new double[x.length];
      double dTau = lp.backward(DT, x, y, w, channels, dx);
      double h = 1e-6 * tau;
      double fd =
          (loss(new Lowpass(tau + h, 0.3), x, w, channels)
                  - loss(new Lowpass(tau - h, 0.3), x, w, channels))
              / (2 * h);
      assertEquals(fd, dTau, 1e-6 * Math.abs(fd), "tau=" + tau);
      assertTrue(Math.abs(dTau) > 1e-3, "non-trivial gradient " + dTau);
      for (int i : new int[] {0, 5, 101, x.length - 1}) {
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[i] += 1e-6;
        xm[i] -= 1e-6;
        double fdx = (loss(lp, xp, w, channels) - loss(lp, xm, w, channels)) / 2e-6;
        assertEquals(fdx, dx[i], 1e-7, "dx[" + i + "] tau=" + tau);
      }
    }
  }

  @Test
  void smoothingDerivativeMatchesFiniteDifferencesAndVanishesBelowTheClamp() {
    for (double tau : new double[] {1e-4, 0.005, 0.3}) {
      double h = 1e-6 * tau;
      double fd = (Lowpass.smoothing(tau + h, DT) - Lowpass.smoothing(tau - h, DT)) / (2 * h);
      assertEquals(fd, Lowpass.smoothingDerivative(tau, DT), 1e-6 * Math.abs(fd) + 1e-12);
    }
    assertEquals(0.0, Lowpass.smoothingDerivative(1e-9, DT));
    assertEquals(0.0, Lowpass.smoothingDerivative(0, DT));
    double[] x = {1, 2};
    double[] y = new double[2];
    Lowpass zero = Lowpass.of(0);
    zero.filter(DT, x, 1, y);
    assertEquals(0.0, zero.backward(DT, x, y, new double[] {1, 1}, 1, null));
  }

  private static double loss(Lowpass lp, double[] x, double[] w, int channels) {
    double[] y = new double[x.length];
    lp.filter(DT, x, channels, y);
    double l = 0;
    for (int i = 0; i < y.length; i++) {
      l += w[i] * y[i];
    }
    return l;
  }

  private static double[] randomSequence(int steps, int channels, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[steps * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-1, 2);
    }
    return x;
  }
}
