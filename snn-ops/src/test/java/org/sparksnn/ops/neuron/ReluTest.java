package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReluTest {
  private static final double DT = 0.001;

  @Test
  void rejectsNonPositiveOrInfiniteAmplitudeNamingTypeAndField() {
    assertEquals(
        "relu.amplitude must be > 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new Relu(-1)).getMessage());
    assertEquals(
        "relu.amplitude must be > 0, got NaN",
        assertThrows(IllegalArgumentException.class, () -> new Relu(Double.NaN)).getMessage());
    assertEquals(
        "relu.amplitude must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class, () -> new Relu(Double.POSITIVE_INFINITY))
            .getMessage());
  }

  @Test
  void rateIsAmplitudeTimesRectifiedCurrentAndIndependentOfDt() {
    Relu r = new Relu(0.5);
    assertEquals(0.0, r.rate(-3, DT));
    assertEquals(0.0, r.rate(0, DT));
    assertEquals(21.0, r.rate(42, DT));
    assertEquals(21.0, r.rate(42, 0.01));
    assertEquals(1.0, Relu.standard().amplitude());
  }

  @Test
  void stepOutputsTheRateWithoutSpiking() {
    Relu r = new Relu(2);
    assertFalse(r.spiking());
    double[] j = {-1, 0.25, 7};
    double[] out = new double[3];
    NeuronState s = r.newState(new long[] {0}, 3, InitialVoltage.zero());
    r.step(DT, j, out, s);
    assertEquals(0.0, out[0]);
    assertEquals(0.5, out[1]);
    assertEquals(14.0, out[2]);
  }

  @Test
  void rateDerivativeIsAmplitudeAboveZeroAndMatchesFiniteDifferences() {
    Relu r = new Relu(3);
    assertEquals(0.0, r.rateDerivative(-2, DT));
    assertEquals(0.0, r.rateDerivative(0, DT));
    assertEquals(3.0, r.rateDerivative(1e-9, DT));
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "relu", j -> r.rate(j, DT), j -> r.rateDerivative(j, DT), -5, -0.1, 0.1, 2, 300);
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(new Relu(0.7), DT, 20);
  }
}
