package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpikingReluTest {
  private static final double DT = 0.001;

  @Test
  void rejectsNonPositiveAmplitude() {
    assertEquals(
        "spiking-relu.amplitude must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new SpikingRelu(0)).getMessage());
  }

  @Test
  void severalSpikesPerStepWithTheOvershootKept() {
    // dt = 0.1, J = 25: J·dt = 2.5 per step; v: 2.5 → 2 spikes, 0.5 left; 3.0 → 3 spikes, 0 left
    SpikingRelu n = new SpikingRelu(2.0);
    double[][] out = StepResponse.simulate(n, 0.1, 4, new double[] {25}).outputs();
    double[] spikesPerStep = new double[4];
    for (int t = 0; t < 4; t++) {
      spikesPerStep[t] = out[t][0] * 0.1 / 2.0;
    }
    assertArrayEquals(new double[] {2, 3, 2, 3}, spikesPerStep, 1e-12);
    assertEquals(2.0 * 3 / 0.1, out[1][0], 0.0, "out = amplitude·n/dt, in that order");
  }

  @Test
  void stepEqualsFloorAccumulationExactly() {
    SpikingRelu n = new SpikingRelu(1.5);
    double dt = 0.01;
    double[] j = {-4.0, 0.0, 3.3, 99.9, 250.0, 1234.5};
    NeuronState state = n.newState(new long[] {7}, j.length, InitialVoltage.uniform(5));
    double[] v = state.voltage.clone();
    double[] out = new double[j.length];
    int multi = 0;
    for (int t = 0; t < 300; t++) {
      n.step(dt, j, out, state);
      for (int i = 0; i < j.length; i++) {
        v[i] += Math.max(j[i], 0) * dt;
        double spikes = Math.floor(v[i]);
        v[i] -= spikes;
        assertEquals(1.5 * spikes / dt, out[i], 0.0, "step " + t + " J=" + j[i]);
        assertEquals(v[i], state.voltage[i], 0.0);
        multi += spikes >= 2 ? 1 : 0;
      }
    }
    assertTrue(multi >= 300, "J = 250 and 1234.5 spike several times per step: " + multi);
  }

  @Test
  void longRunRateMatchesTheReluRate() {
    double[] sim =
        NeuronAssertions.assertLongRunRateMatchesFormula(
            new SpikingRelu(0.5), 0.001, 10, -3, 0.5, 3, 17.7, 123.4, 480, 2600.3);
    assertEquals(0.0, sim[0]);
    assertTrue(sim[6] > 1000, "more than one spike per step on average: " + sim[6]);
  }

  @Test
  void rateDerivativeMatchesFiniteDifferencesAwayFromZero() {
    SpikingRelu n = new SpikingRelu(2);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "spiking-relu", j -> n.rate(j, DT), j -> n.rateDerivative(j, DT), -3, -0.01, 0.01, 5, 900);
    assertEquals(0.0, n.rateDerivative(0, DT));
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(new SpikingRelu(0.3), DT, 500);
  }
}
