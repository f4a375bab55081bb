package org.sparksnn.loihi.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.emulator.HostSpikes;
import org.sparksnn.loihi.emulator.LoihiEmulator;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

/** The lowpass-filtered off-chip readout. */
class OffChipReadoutTest {
  private static final double DT = 0.001;

  @Test
  void filtersSpikesThenAppliesDenseWeights() {
    OffChipReadout r = new OffChipReadout(new float[][] {{2f}, {-1f}}, new float[] {0.1f, 0f},
        0.01, DT, 0.5);
    int[][][] counts = {{{1}, {0}, {1}}};
    ReadoutScores s = r.apply(counts);
    double a = Math.exp(-0.1);
    double x = 0.5 / DT;
    double y0 = (1 - a) * x;
    double y1 = a * y0;
    double y2 = a * y1 + (1 - a) * x;
    double[] y = {y0, y1, y2};
    for (int t = 0; t < 3; t++) {
      assertEquals(2 * y[t] + (double) 0.1f, s.score(0, t, 0), 1e-9, "step " + t);
      assertEquals(-y[t], s.score(0, t, 1), 1e-9, "step " + t);
      assertEquals(0, s.predictionAt(0, t));
    }
  }

  @Test
  void zeroTauPassesSpikesUnfiltered() {
    OffChipReadout r = new OffChipReadout(new float[][] {{1f, 1f}}, new float[] {0f}, 0, DT, 1);
    ReadoutScores s = r.apply(new int[][][] {{{1, 0}, {1, 1}, {0, 0}}});
    assertEquals(1000, s.score(0, 0, 0), 0);
    assertEquals(2000, s.score(0, 1, 0), 0);
    assertEquals(0, s.score(0, 2, 0), 0);
  }

  @Test
  void constantFiringConvergesToTheRateTimesTheWeights() {
    OffChipReadout r = new OffChipReadout(new float[][] {{0.5f, 0f}, {0f, 0.25f}},
        new float[] {0f, 0f}, 0.005, DT, 0.01);
    int steps = 200;
    int[][][] c = new int[1][steps][2];
    for (int t = 0; t < steps; t++) {
      c[0][t][0] = 1; // 1000 Hz · 0.01 = 10
      c[0][t][1] = t % 2; // 500 Hz · 0.01 = 5 on average
    }
    ReadoutScores s = r.apply(c);
    assertEquals(5.0, s.score(0, steps - 1, 0), 1e-9);
    assertEquals(1.25, s.score(0, steps - 1, 1), 0.2);
    assertEquals(0, s.prediction(0));
  }

  @Test
  void argmaxTiesGoToTheLowestClassAndCorrectCountsStreams() {
    OffChipReadout r = new OffChipReadout(new float[][] {{1f}, {1f}, {2f}}, new float[3], 0, DT,
        1);
    ReadoutScores s = r.apply(new int[][][] {{{0}}, {{1}}});
    assertEquals(0, s.prediction(0)); // all scores 0: class 0
    assertEquals(2, s.prediction(1));
    assertEquals(2, s.correctAt(new int[] {0, 2}, 0));
    assertEquals(0, s.correctAt(new int[] {1, 1}, 0));
  }

  @Test
  void readsTheRasterOfAnEmulatorRun() {
    double[][] w = {{0.4, 0.1}, {0.2, 0.3}, {-0.1, 0.5}};
    LoihiNetwork net = new LoihiNetwork(2, 1, DT, List.of(
        LoihiLayer.dense("h", NeuronSpec.relu(), w, new double[] {10, 50, 120})));
    var m = CoreMapper.map(net, ChipLimits.loihi());
    EmulatorRun run = LoihiEmulator.fixed(Discretizer.discretize(ChipBuilder.build(net), m), 2,
        Strictness.FAIL).run(HostSpikes.of(new int[][][] {
            {{0}, {1}}, {{0, 1}, {}}, {{}, {0}}, {{1}, {1}}, {{0}, {}}, {{}, {}}}), 2, 6, true);
    assertTrue(run.totalSpikes(0) > 0);
    OffChipReadout r = OffChipReadout.fromKerasKernel(new float[] {1, -1, 2, 0, 0.5f, 3}, 3, 2,
        new float[] {0.5f, -0.5f}, 0.005, DT, 1);
    int[][][] counts = new int[2][6][3];
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 6; t++) {
        for (int j = 0; j < 3; j++) {
          counts[b][t][j] = run.spiked(0, t, b, j) ? 1 : 0;
        }
      }
    }
    ReadoutScores a = r.apply(run, 0);
    ReadoutScores b = r.apply(counts);
    for (int s = 0; s < 2; s++) {
      for (int t = 0; t < 6; t++) {
        for (int o = 0; o < 2; o++) {
          assertEquals(b.score(s, t, o), a.score(s, t, o), 0.0);
        }
      }
    }
    assertEquals(2f, r.weights()[0][1]); // kernel [in][out]: in 1, out 0
  }

  @Test
  void rejectsMismatchedBias() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OffChipReadout(new float[][] {{1f}}, new float[2], 0, DT, 1));
    assertTrue(e.getMessage().contains("OffChipReadout.bias.length"), e.getMessage());
  }
}
