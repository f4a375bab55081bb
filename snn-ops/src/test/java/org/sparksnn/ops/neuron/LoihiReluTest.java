package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoihiReluTest {
  private static final double DT = 0.001;

  @Test
  void rejectsInfiniteAmplitude() {
    assertEquals(
        "loihi-relu.amplitude must be finite, got Infinity",
        assertThrows(IllegalArgumentException.class, () -> new LoihiRelu(1 / 0.0)).getMessage());
  }

  @Test
  void rateFormulaIsTheStaircaseOfWholeStepPeriods() {
    LoihiRelu n = LoihiRelu.standard();
    assertEquals(0.0, n.rate(0, DT));
    assertEquals(0.0, n.rate(-5, DT));
    // 1/(J·dt) = 27.03 → ceil 28 steps per spike
    assertEquals(1000.0 / 28, n.rate(37, DT), 1e-12);
    assertEquals(1000.0 / 28 * 0.25, new LoihiRelu(0.25).rate(37, DT), 1e-12);
    // depends on dt: at dt = 0.1 ms, ceil(270.3) = 271 steps
    assertEquals(10000.0 / 271, n.rate(37, 0.0001), 1e-9);
  }

  /**
   * numerics.md: at dt = 1 ms, J = 100 the formula says 100 Hz but the step gives 90 (spikes in 1
   * s); J = 500 → 500 vs 333. The strict {@code v > 1} costs one step whenever 1/(J·dt) is whole.
   */
  @Test
  void documentedMismatchBetweenFormulaAndStepHoldsExactly() {
    LoihiRelu n = LoihiRelu.standard();
    assertEquals(100.0, n.rate(100, DT), 0.0);
    assertEquals(500.0, n.rate(500, DT), 0.0);
    StepResponse r = StepResponse.simulate(n, DT, 1000, new double[] {100, 500});
    assertEquals(90, r.activeSteps(0));
    assertEquals(333, r.activeSteps(1));
    assertEquals(90.0, r.meanRates()[0], 1e-9);
    assertEquals(333.0, r.meanRates()[1], 1e-9);
    for (int t = 0; t < 1000; t++) {
      assertEquals((t + 1) % 11 == 0 ? 1000.0 : 0.0, r.outputs()[t][0], 0.0, "J=100 step " + t);
      assertEquals((t + 1) % 3 == 0 ? 1000.0 : 0.0, r.outputs()[t][1], 0.0, "J=500 step " + t);
    }
  }

  @Test
  void longRunRateMatchesFormulaWhereThePeriodIsNotAWholeNumberOfSteps() {
    NeuronAssertions.assertLongRunRateMatchesFormula(
        new LoihiRelu(2), DT, 10, -20, 0, 3.3, 37, 150, 270, 777);
  }

  @Test
  void stepClampsNegativeVoltageAndResetsToZeroLosingTheOvershoot() {
    LoihiRelu n = LoihiRelu.standard();
    NeuronState s = n.newState(new long[] {0}, 2, InitialVoltage.zero());
    s.voltage[0] = 0.3;
    s.voltage[1] = 0.95;
    double[] out = new double[2];
    n.step(DT, new double[] {-1000, 400}, out, s);
    assertEquals(0.0, s.voltage[0], 0.0, "0.3 − 1 clamps to 0");
    assertEquals(0.0, out[0]);
    assertEquals(0.0, s.voltage[1], 0.0, "1.35 > 1 spikes and resets to 0, not 0.35");
    assertEquals(1000.0, out[1]);
  }

  @Test
  void rateDerivativeIsThatOfTheContinuousRelu() {
    LoihiRelu n = new LoihiRelu(0.5);
    Relu relu = new Relu(0.5);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "loihi-relu vs relu rate",
        j -> relu.rate(j, DT),
        j -> n.rateDerivative(j, DT),
        -4,
        -0.2,
        0.2,
        50,
        700);
    assertEquals(0.0, n.rateDerivative(0, DT));
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(LoihiRelu.standard(), DT, 500);
  }
}
