package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void perTrainingStepDrawsAreKeyedByTheStepAndNewAtEveryStep() {
    InitialVoltage init = InitialVoltage.uniformPerTrainingStep(11);
    long[] ids = {5, 6};
    int neurons = 20;
    double[][] byStep = new double[3][];
    for (int step = 0; step < 3; step++) {
      InitialVoltage draw = init.atTrainingStep(step);
      assertEquals(new InitialVoltage(true, org.sparksnn.ops.random.KeyedRandom.derive(11, step)), draw);
      NeuronState s = new NeuronState(ids.length * neurons, false);
      draw.fill(s, ids, neurons);
      for (int r = 0; r < ids.length; r++) {
        for (int n = 0; n < neurons; n++) {
          assertEquals(
              org.sparksnn.ops.random.KeyedRandom.uniform(
                  org.sparksnn.ops.random.KeyedRandom.derive(11, step), ids[r], n, 0x1717),
              s.voltage[r * neurons + n]);
        }
      }
      byStep[step] = s.voltage;
    }
    for (int k = 0; k < byStep[0].length; k++) {
      assertNotEquals(byStep[0][k], byStep[1][k], "neuron " + k);
      assertNotEquals(byStep[1][k], byStep[2][k], "neuron " + k);
    }
    // evaluation (no step) keeps the (seed, sample, neuron) draw of a plain uniform start
    assertEquals(InitialVoltage.uniform(11).voltage(5, 3), init.voltage(5, 3));
    assertEquals(
        InitialVoltage.uniformPerTrainingStep(org.sparksnn.ops.random.KeyedRandom.derive(11, 2)),
        init.forLayer(2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> init.atTrainingStep(-1));
    assertTrue(e.getMessage().contains("step"), e.getMessage());
  }

  @Test
  void fixedStartsAreTheSameAtEveryTrainingStep() {
    for (InitialVoltage init : new InitialVoltage[] {InitialVoltage.uniform(2), InitialVoltage.zero()}) {
      assertSame(init, init.atTrainingStep(0));
      assertSame(init, init.atTrainingStep(123));
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
