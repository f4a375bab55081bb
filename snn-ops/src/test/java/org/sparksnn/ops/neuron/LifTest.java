package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LifTest {
  private static final double DT = 0.001;

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void rejectsInvalidParametersNamingTypeAndField() {
    assertEquals("lif.tauRc must be > 0, got -0.02", message(() -> new Lif(-0.02, 0.002, 0, 1, 0)));
    assertEquals(
        "lif.tauRef must be >= 0, got -0.001", message(() -> new Lif(0.02, -0.001, 0, 1, 0)));
    assertEquals(
        "lif.minVoltage must be <= 0.0, got 0.5", message(() -> new Lif(0.02, 0.002, 0.5, 1, 0)));
    assertEquals(
        "lif.amplitude must be > 0, got 0.0", message(() -> new Lif(0.02, 0.002, 0, 0, 0)));
    assertEquals("lif.sigma must be >= 0, got -1.0", message(() -> new Lif(0.02, 0.002, 0, 1, -1)));
    assertEquals(
        "lif.tauRc must be finite, got Infinity",
        message(() -> new Lif(Double.POSITIVE_INFINITY, 0.002, 0, 1, 0)));
  }

  @Test
  void standardHasNengoDefaults() {
    assertEquals(new Lif(0.02, 0.002, 0, 1, 0.01), Lif.standard());
  }

  /**
   * Hand-computed: from v = 0 with constant J and no refractoriness the update {@code v −= (J −
   * v)·expm1(−dt/tauRc)} gives {@code v_n = J·(1 − exp(−n·dt/tauRc))}. With J = 2 the voltage first
   * exceeds 1 when {@code n > tauRc·ln 2/dt = 13.86}: at the 14th step (index 13).
   */
  @Test
  void firstStepsFollowTheClosedFormUntilTheFirstSpike() {
    Lif n = Lif.standard();
    NeuronState s = n.newState(new long[] {0}, 1, InitialVoltage.zero());
    double[] out = new double[1];
    for (int t = 0; t < 13; t++) {
      n.step(DT, new double[] {2}, out, s);
      assertEquals(0.0, out[0], "step " + t);
      assertEquals(2 * (1 - Math.exp(-(t + 1) * DT / 0.02)), s.voltage[0], 1e-15, "step " + t);
      assertEquals(-(t + 1) * DT, s.refractoryTime[0], 1e-15, "refractory counts down");
    }
    double before = s.voltage[0];
    n.step(DT, new double[] {2}, out, s);
    assertEquals(1000.0, out[0], 0.0, "spike at step 13");
    assertEquals(0.0, s.voltage[0], 0.0);
    // the voltage at the end of the step, then the interpolated crossing time within the step
    double v = before - (2 - before) * Math.expm1(-DT / 0.02);
    double tSpike = DT + 0.02 * Math.log1p(-(v - 1) / (2 - 1));
    assertTrue(tSpike > 0 && tSpike < DT, "crossing inside the step: " + tSpike);
    assertEquals(0.002 + tSpike, s.refractoryTime[0], 0.0);
    // ref is the refractory time left at the start of a step: 1 ms + tSpike > dt at the next
    // step (fully refractory), tSpike < dt at the one after (integrates for dt − tSpike)
    n.step(DT, new double[] {2}, out, s);
    assertEquals(0.0, s.voltage[0], 0.0);
    n.step(DT, new double[] {2}, out, s);
    double delta = DT - ((0.002 + tSpike - DT) - DT);
    assertTrue(delta > 0 && delta < DT, "partial step: " + delta);
    assertEquals(-2 * Math.expm1(-delta / 0.02), s.voltage[0], 1e-15, "partial step after ref");
  }

  /** The nengo step equations, written out in the test with doubles, replayed on every step. */
  @Test
  void stepEqualsNengoEquationsExactlyOverManySpikes() {
    Lif n = new Lif(0.03, 0.0015, -0.4, 0.5, 0.01);
    double[] j = {-2, 0.9, 1.2, 3.0, 7.5, 40.0};
    NeuronState s = n.newState(new long[] {9}, j.length, InitialVoltage.uniform(77));
    double[] v = s.voltage.clone();
    double[] ref = new double[j.length];
    double[] out = new double[j.length];
    int spikes = 0;
    for (int t = 0; t < 2000; t++) {
      n.step(DT, j, out, s);
      for (int i = 0; i < j.length; i++) {
        ref[i] -= DT;
        double delta = Math.min(Math.max(DT - ref[i], 0), DT);
        v[i] -= (j[i] - v[i]) * Math.expm1(-delta / 0.03);
        boolean spiked = v[i] > 1;
        double tSpike = DT + 0.03 * Math.log1p(-(v[i] - 1) / (j[i] - 1));
        v[i] = Math.max(v[i], -0.4);
        if (spiked) {
          v[i] = 0;
          ref[i] = 0.0015 + tSpike;
          spikes++;
        }
        assertEquals(spiked ? 0.5 / DT : 0.0, out[i], 0.0, "step " + t + " J=" + j[i]);
        assertEquals(v[i], s.voltage[i], 0.0, "voltage, step " + t + " J=" + j[i]);
        assertEquals(ref[i], s.refractoryTime[i], 0.0, "refractory, step " + t + " J=" + j[i]);
      }
    }
    assertEquals(-0.4, s.voltage[0], 0.0, "negative current clamps at minVoltage");
    assertTrue(spikes > 500, "spikes: " + spikes);
  }

  @Test
  void longRunRateMatchesTheLifRateFormula() {
    NeuronAssertions.assertLongRunRateMatchesFormula(
        Lif.standard(), DT, 10, 0.5, 1.0, 1.05, 1.5, 2, 5, 10, 30);
    NeuronAssertions.assertLongRunRateMatchesFormula(
        new Lif(0.05, 0.004, 0, 0.2, 0.01), 0.0005, 10, 1.3, 4, 60);
  }

  @Test
  void rateDerivativeIsTheSoftLifDerivative() {
    Lif exact = new Lif(0.05, 0.001, 0, 2, 0.0);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "lif sigma=0",
        j -> exact.rate(j, DT),
        j -> exact.rateDerivative(j, DT),
        1.01,
        1.7,
        2.5,
        9.0,
        40.0);
    assertEquals(0.0, exact.rateDerivative(0.99, DT));
    Lif soft = new Lif(0.02, 0.002, -1, 1, 0.3);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "lif sigma=0.3",
        j -> LifMath.softRate(j, 0.02, 0.002, 1, 0.3),
        j -> soft.rateDerivative(j, DT),
        -1,
        0.5,
        1.0,
        1.2,
        3,
        20);
  }

  @Test
  void newStateIsKeyedBySampleIdAndNeuron() {
    Lif n = Lif.standard();
    NeuronState a = n.newState(new long[] {5, 9}, 3, InitialVoltage.uniform(1));
    NeuronState b = n.newState(new long[] {9}, 3, InitialVoltage.uniform(1));
    assertArrayEquals(
        Arrays.copyOfRange(a.voltage, 3, 6), b.voltage, "sample 9 alike in any batch");
    assertNotEquals(a.voltage[0], a.voltage[3]);
    assertArrayEquals(new double[6], a.refractoryTime);
    NeuronState z = n.newState(new long[] {5}, 3, InitialVoltage.zero());
    assertArrayEquals(new double[3], z.voltage);
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(Lif.standard(), DT, 500);
  }

  /**
   * nengo spikes on {@code v > 1}, strictly. With v = 1 exactly and J = 1 the update {@code v −=
   * (J − v)·expm1(…)} leaves v at exactly 1 every step: no spike, ever (a {@code >=} test would
   * spike, with a NaN spike time from 0/0).
   */
  @Test
  void voltageExactlyAtThresholdDoesNotSpike() {
    for (NeuronModel n : new NeuronModel[] {Lif.standard(), LoihiLif.standard()}) {
      NeuronState s = n.newState(new long[] {0}, 1, InitialVoltage.zero());
      s.voltage[0] = 1.0;
      double[] out = new double[1];
      for (int t = 0; t < 20; t++) {
        n.step(DT, new double[] {1.0}, out, s);
        assertEquals(0.0, out[0], n.typeName() + " step " + t);
        assertEquals(1.0, s.voltage[0], 0.0, n.typeName() + " step " + t);
      }
      s.voltage[0] = Math.nextUp(1.0);
      n.step(DT, new double[] {Math.nextUp(1.0)}, out, s);
      assertEquals(1.0 / DT, out[0], 0.0, n.typeName() + ": just above 1 spikes");
    }
  }
}
