package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InitialVoltageTest {
  @Test
  void fillGivesEveryNeuronItsKeyedVoltageBitForBit() {
    long[] ids = {0, 1, 7, 59_999, -3, Long.MAX_VALUE};
    int neurons = 130;
    for (InitialVoltage init :
        new InitialVoltage[] {InitialVoltage.uniform(0), InitialVoltage.uniform(-42)}) {
      NeuronState s = new NeuronState(ids.length * neurons, false);
      init.fill(s, ids, neurons);
      for (int r = 0; r < ids.length; r++) {
        for (int n = 0; n < neurons; n++) {
          double expected =
              org.sparksnn.ops.random.KeyedRandom.uniform(init.seed(), ids[r], n, 0x1717);
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(s.voltage[r * neurons + n]),
              "sample " + ids[r] + " neuron " + n);
          assertEquals(expected, init.voltage(ids[r], n));
        }
      }
    }
  }

  @Test
  void zeroFillsZerosOverAnyEarlierState() {
    long[] ids = {3, 4};
    NeuronState s = new NeuronState(2 * 5, false);
    java.util.Arrays.fill(s.voltage, 0.5);
    InitialVoltage.zero().fill(s, ids, 5);
    for (double v : s.voltage) {
      assertEquals(0.0, v);
    }
  }
}
