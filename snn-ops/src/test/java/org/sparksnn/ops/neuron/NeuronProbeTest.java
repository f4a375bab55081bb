package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class NeuronProbeTest {

  @Test
  void shortcutsReturnTheRateCurveAndStepResponseTables() {
    Lif m = Lif.standard();
    double[] j = NeuronProbe.currents(0, 3, 0.5);
    assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5, 3}, j, 0.0);
    assertArrayEquals(RateCurve.of(m, 0.001, j).rates(), NeuronProbe.rates(m, 0.001, j), 0.0);
    InitialVoltage init = InitialVoltage.uniform(4);
    double[][] out = NeuronProbe.simulate(m, 0.001, 50, j, init);
    double[][] expected = StepResponse.simulate(m, 0.001, 50, j, init).outputs();
    for (int t = 0; t < 50; t++) {
      assertArrayEquals(expected[t], out[t], 0.0);
    }
    assertArrayEquals(
        StepResponse.simulate(m, 0.001, 500, j).meanRates(),
        NeuronProbe.simulatedRates(m, 0.001, 500, j),
        0.0);
  }
}
