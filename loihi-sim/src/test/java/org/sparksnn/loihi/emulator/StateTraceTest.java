package org.sparksnn.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

/** Per-step u / v traces of stream 0. */
class StateTraceTest {
  private static List<DiscretizedLayer> biasOnly(double bias) {
    LoihiNetwork net = new LoihiNetwork(1, 1, 0.001, List.of(
        LoihiLayer.dense("c", NeuronSpec.relu(), new double[][] {{0}}, new double[] {bias})));
    return Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi()));
  }

  @Test
  void voltageIntegratesTheBiasUntilItSpikes() {
    List<DiscretizedLayer> d = biasOnly(300);
    int b = d.get(0).bias()[0];
    int vth = d.get(0).vth()[0];
    StateTrace tr = LoihiEmulator.fixed(d, 1, Strictness.FAIL).trace(Chip.silent(), 6);
    int t = 0;
    for (; (t + 1L) * b <= vth; t++) {
      assertEquals(0.0, tr.current(0, t, 0));
      assertEquals((t + 1.0) * b, tr.voltage(0, t, 0), "step " + t);
      assertTrue(!tr.run().spiked(0, t, 0, 0));
    }
    assertTrue(tr.run().spiked(0, t, 0, 0), "spikes at step " + t);
    assertEquals(0.0, tr.voltage(0, t, 0), "reset on spike");
    assertEquals(3, t, "J = 300 at vth 1/dt: v > vth on the 4th step");
  }

  @Test
  void firstDifferenceNamesStepLayerAndValues() {
    StateTrace a = LoihiEmulator.fixed(biasOnly(300), 1, Strictness.FAIL).trace(Chip.silent(), 5);
    StateTrace b = LoihiEmulator.fixed(biasOnly(300), 1, Strictness.FAIL).trace(Chip.silent(), 5);
    StateTrace c = LoihiEmulator.fixed(biasOnly(500), 1, Strictness.FAIL).trace(Chip.silent(), 5);
    assertNull(a.firstDifference(b));
    // zero weights: the bias sets the scale, so both biases discretize to the same integer and only
    // the threshold differs: 500 spikes at step 2 (3·500 > 1000), 300 at step 3
    String diff = a.firstDifference(c);
    assertTrue(
        diff != null && diff.startsWith("step 2 layer 'c' compartment 0: u 0.0 vs 0.0, v "), diff);
    assertTrue(diff.endsWith("spike false vs true"), diff);
  }

  @Test
  void floatBackendTracesItsFloatState() {
    LoihiNetwork net = new LoihiNetwork(1, 1, 0.001, List.of(
        LoihiLayer.dense("c", NeuronSpec.relu(), new double[][] {{0}}, new double[] {300})));
    StateTrace tr = LoihiEmulator.simreal(ChipBuilder.build(net), 1).trace(Chip.silent(), 3);
    assertEquals(300f, (float) tr.voltage(0, 0, 0));
    assertEquals(600f, (float) tr.voltage(0, 1, 0));
  }
}
