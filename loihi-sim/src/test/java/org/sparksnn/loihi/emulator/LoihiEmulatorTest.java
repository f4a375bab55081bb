package org.sparksnn.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.ops.SimulationException;

/** Rule-derived checks of the emulators (numerics.md "Integer step"). */
class LoihiEmulatorTest {
  private static final double DT = 0.001;

  private static LoihiNetwork constantCurrent(NeuronSpec neuron, double j, double w) {
    LoihiLayer l = LoihiLayer.dense("c", neuron, new double[][] {{w}}, new double[] {j});
    return new LoihiNetwork(1, 1.0, DT, List.of(l));
  }

  private static int spikesInOneSecond(LoihiEmulator emu) {
    return emu.run(Chip.silent(), 1, 1000, false).spikeCount(0, 0, 0);
  }

  @Test
  void reluStepMissesFormulaRateWhenPeriodIsWhole() {
    NeuronSpec relu = NeuronSpec.relu();
    assertEquals(100.0, relu.rate(100, DT, 1.0), 1e-9);
    assertEquals(500.0, relu.rate(500, DT, 1.0), 1e-9);
    // zero weight: the bias sets the scale and vth/bias stay exact multiples (the tie survives);
    // with weights the rounding of vth and bias can move it (J = 500 then gives 500 Hz)
    assertEquals(90, spikesInOneSecond(Chip.fixed(constantCurrent(relu, 100, 0), Strictness.FAIL)));
    assertEquals(333, spikesInOneSecond(Chip.fixed(constantCurrent(relu, 500, 0), Strictness.FAIL)));
    assertEquals(90, spikesInOneSecond(Chip.simreal(constantCurrent(relu, 100, 1.0))));
    assertEquals(333, spikesInOneSecond(Chip.simreal(constantCurrent(relu, 500, 1.0))));
  }

  @Test
  void reluStepMatchesFormulaWhenPeriodIsFractional() {
    NeuronSpec relu = NeuronSpec.relu();
    for (double j : new double[] {30.0, 77.0, 260.0}) {
      double want = relu.rate(j, DT, 1.0);
      int got = spikesInOneSecond(Chip.fixed(constantCurrent(relu, j, 1.0), Strictness.FAIL));
      assertEquals(want, got, 1.0, "J=" + j);
    }
  }

  @Test
  void lifRateFollowsLoihiLifFormula() {
    NeuronSpec lif = NeuronSpec.lif(0.02, 0.002);
    for (double j : new double[] {1.5, 3.0, 10.0}) {
      double want = lif.rate(j, DT, 1.0);
      int fixed = spikesInOneSecond(Chip.fixed(constantCurrent(lif, j, 1.0), Strictness.FAIL));
      int real = spikesInOneSecond(Chip.simreal(constantCurrent(lif, j, 1.0)));
      // the stepped period may differ from the formula's by one step (strict threshold, rounding)
      double period = 1.0 / (want * DT);
      double lo = 1.0 / ((period + 1) * DT) - 1;
      double hi = 1.0 / ((period - 1) * DT) + 1;
      assertTrue(real >= lo && real <= hi, "simreal J=" + j + ": " + real + " vs " + want);
      assertTrue(fixed >= lo && fixed <= hi, "fixed J=" + j + ": " + fixed + " vs " + want);
    }
    assertEquals(0, spikesInOneSecond(Chip.fixed(constantCurrent(lif, 0.9, 1.0), Strictness.FAIL)));
  }

  @Test
  void lowpassSynapseSpreadsOneSpikeOverSeveralSteps() {
    // one host spike of weight 5 (5000 in vth units of 1000): without a synapse it lasts one step
    // (one output spike, overshoot lost); through a 10 ms lowpass the same charge spreads out.
    HostSpikes one = (step, stream, out) -> {
      if (step == 0) {
        out[0] = 0;
        return 1;
      }
      return 0;
    };
    LoihiLayer none = LoihiLayer.dense("n", NeuronSpec.relu(), new double[][] {{5.0}}, new double[] {0});
    LoihiLayer low =
        new LoihiLayer("lp", NeuronSpec.relu(), 1.0, new double[] {1}, new double[] {0}, 0.01,
            new double[][] {{5.0}}, null, null);
    EmulatorRun a = Chip.fixed(new LoihiNetwork(1, 1, DT, List.of(none)), Strictness.FAIL)
        .run(one, 1, 100, true);
    assertEquals(1, a.spikeCount(0, 0, 0));
    assertTrue(a.spiked(0, 1, 0, 0), "the host spike of step 0 acts at step 1");
    int fixed = Chip.fixed(new LoihiNetwork(1, 1, DT, List.of(low)), Strictness.FAIL)
        .run(one, 1, 100, false).spikeCount(0, 0, 0);
    int real = Chip.simreal(new LoihiNetwork(1, 1, DT, List.of(low))).run(one, 1, 100, false)
        .spikeCount(0, 0, 0);
    assertTrue(fixed >= 3 && fixed <= 5, "fixed lowpass spikes " + fixed);
    assertTrue(Math.abs(fixed - real) <= 1, "fixed " + fixed + " vs simreal " + real);
  }

  @Test
  void inputAmplitudeScalesWeightsExactly() {
    double[][] w = {{0.3, -0.2}, {0.1, 0.4}};
    double[][] w2 = {{0.6, -0.4}, {0.2, 0.8}};
    double[] b = {20, 5};
    LoihiNetwork amp2 = new LoihiNetwork(2, 2.0, DT,
        List.of(LoihiLayer.dense("a", NeuronSpec.relu(), w, b)));
    LoihiNetwork doubled = new LoihiNetwork(2, 1.0, DT,
        List.of(LoihiLayer.dense("a", NeuronSpec.relu(), w2, b)));
    HostSpikes in = (step, stream, out) -> {
      int k = 0;
      if (step % 3 == 0) {
        out[k++] = 0;
      }
      if (step % 4 == 1) {
        out[k++] = 1;
      }
      return k;
    };
    EmulatorRun r1 = Chip.fixed(amp2, Strictness.FAIL).run(in, 1, 200, true);
    EmulatorRun r2 = Chip.fixed(doubled, Strictness.FAIL).run(in, 1, 200, true);
    assertTrue(r1.totalSpikes(0) > 0);
    for (int t = 0; t < 200; t++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(r2.spiked(0, t, 0, j), r1.spiked(0, t, 0, j));
      }
    }
  }

  private static LoihiNetwork overflowing() {
    int n = 200;
    double[][] w = new double[1][n];
    java.util.Arrays.fill(w[0], 1.0);
    return new LoihiNetwork(n, 1.0, DT,
        List.of(LoihiLayer.dense("wide", NeuronSpec.relu(), w, new double[] {0})));
  }

  private static HostSpikes allActive(int n) {
    return (step, stream, out) -> {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return n;
    };
  }

  @Test
  void overflowOfSynapticInputFailsInStrictMode() {
    // 200 simultaneous spikes × 16256 = 3,251,200 > 2^21 − 1
    SimulationException e = assertThrows(SimulationException.class,
        () -> Chip.fixed(overflowing(), Strictness.FAIL).run(allActive(200), 1, 5, false));
    assertTrue(e.getMessage().contains("layer 'wide'"), e.getMessage());
    assertTrue(e.getMessage().contains("q (3251200)"), e.getMessage());
    assertTrue(e.getMessage().contains("[-2097152, 2097151]"), e.getMessage());
  }

  @Test
  void overflowIsWrappedAndCountedInWarnMode() {
    EmulatorRun r = Chip.fixed(overflowing(), Strictness.WARN).run(allActive(200), 1, 5, false);
    assertEquals(4, r.overflowWarnings()); // steps 1..4 receive the host spikes of steps 0..3
  }
}
