package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LifRateTest {
  private static final double DT = 0.001;

  @Test
  void rejectsInvalidParametersNamingTypeAndField() {
    assertEquals(
        "lif-rate.tauRc must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new LifRate(0, 0.002, 1, 0.01))
            .getMessage());
    assertEquals(
        "lif-rate.sigma must be >= 0, got NaN",
        assertThrows(IllegalArgumentException.class, () -> new LifRate(0.02, 0.002, 1, Double.NaN))
            .getMessage());
  }

  @Test
  void rateIsTheLifFormula() {
    LifRate n = LifRate.standard();
    assertEquals(0.0, n.rate(1.0, DT));
    assertEquals(0.0, n.rate(-3, DT));
    // J = 2: amp/(tauRef + tauRc·ln 2)
    assertEquals(1 / (0.002 + 0.02 * Math.log(2)), n.rate(2, DT), 1e-12);
    assertEquals(1 / (0.002 + 0.02 * Math.log1p(1 / 0.5)), n.rate(1.5, 0.1), 1e-12);
    assertEquals(0.5 * n.rate(7, DT), new LifRate(0.02, 0.002, 0.5, 0.01).rate(7, DT), 1e-12);
  }

  @Test
  void stepOutputsTheRateInRateMode() {
    LifRate n = new LifRate(0.03, 0.001, 2, 0.01);
    assertFalse(n.spiking());
    double[] j = {0.2, 1.5, 12};
    double[] out = new double[3];
    n.step(DT, j, out, n.newState(new long[] {0}, 3, InitialVoltage.uniform(1)));
    for (int i = 0; i < 3; i++) {
      assertEquals(n.rate(j[i], DT), out[i], 0.0);
    }
  }

  @Test
  void exactDerivativeMatchesFiniteDifferencesAboveThreshold() {
    LifRate n = new LifRate(0.02, 0.002, 1, 0.0);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "lif-rate sigma=0", j -> n.rate(j, DT), j -> n.rateDerivative(j, DT), 1.05, 1.7, 4, 25);
    assertEquals(0.0, n.rateDerivative(1.0, DT));
  }

  @Test
  void softDerivativeMatchesFiniteDifferencesOfSoftLifIncludingAtThreshold() {
    for (double sigma : new double[] {0.01, 0.1, 1.0}) {
      LifRate n = new LifRate(0.02, 0.002, 1.5, sigma);
      NeuronAssertions.assertDerivativeMatchesFiniteDifference(
          "soft-lif sigma=" + sigma,
          j -> LifMath.softRate(j, 0.02, 0.002, 1.5, sigma),
          j -> n.rateDerivative(j, DT),
          0.97,
          0.999,
          1.0,
          1.003,
          1.2,
          2,
          10);
      assertTrue(n.rateDerivative(1.0, DT) > 0, "smooth: non-zero at the threshold");
    }
  }

  @Test
  void softDerivativeApproachesTheExactOneFarAboveThreshold() {
    LifRate soft = new LifRate(0.02, 0.002, 1, 0.01);
    LifRate exact = new LifRate(0.02, 0.002, 1, 0.0);
    // (J − 1)/sigma = 300 ≥ 34: NengoDL's SoftLIF uses J − 1 itself there
    assertEquals(exact.rateDerivative(4, DT), soft.rateDerivative(4, DT), 0.0);
    // (J − 1)/sigma = 20: softplus differs from J − 1 by sigma·log1p(e^−20) ≈ 2e-11
    assertEquals(exact.rateDerivative(1.2, DT), soft.rateDerivative(1.2, DT), 1e-6);
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(LifRate.standard(), DT, 10);
  }
}
