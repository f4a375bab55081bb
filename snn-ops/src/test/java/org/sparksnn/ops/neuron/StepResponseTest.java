package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepResponseTest {

  @Test
  void outputsAreTheDoubleStepFromZeroVoltagePerCurrent() {
    Lif m = Lif.standard();
    double[] j = {0.5, 2, 6};
    StepResponse r = StepResponse.simulate(m, 0.001, 120, j);
    assertEquals(120, r.steps());
    assertEquals(3, r.outputs()[0].length);
    NeuronState s = m.newState(new long[] {0}, 3, InitialVoltage.zero());
    double[] out = new double[3];
    for (int t = 0; t < 120; t++) {
      m.step(0.001, j, out, s);
      assertArrayEquals(out, r.outputs()[t], 0.0, "step " + t);
    }
  }

  @Test
  void meanRatesCountSpikesTimesAmplitudeOverTime() {
    LoihiRelu m = new LoihiRelu(0.5);
    StepResponse r = StepResponse.simulate(m, 0.001, 1000, new double[] {0, 500});
    assertEquals(0, r.activeSteps(0));
    assertEquals(333, r.activeSteps(1));
    assertArrayEquals(new double[] {0, 0.5 * 333}, r.meanRates(), 1e-9);
  }

  @Test
  void initialVoltageIsKeyedByCurrentIndexOfSampleZero() {
    LoihiRelu m = LoihiRelu.standard();
    InitialVoltage init = InitialVoltage.uniform(9);
    double[] v0 = {init.voltage(0, 0), init.voltage(0, 1)};
    assertTrue(v0[0] > 0.001 && v0[1] > 0.001, "seed gives usable voltages");
    // v0 + J·dt = 1.0005 > 1 only with the keyed initial voltage
    double[] j = {(1.0005 - v0[0]) / 0.001, (1.0005 - v0[1]) / 0.001};
    assertArrayEquals(
        new double[] {1000, 1000}, StepResponse.simulate(m, 0.001, 1, j, init).outputs()[0]);
    assertArrayEquals(new double[] {0, 0}, StepResponse.simulate(m, 0.001, 1, j).outputs()[0]);
  }

  @Test
  void rejectsNonPositiveSteps() {
    assertEquals(
        "StepResponse.steps must be > 0, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> StepResponse.simulate(Relu.standard(), 0.001, 0, new double[] {1}))
            .getMessage());
  }
}
