package org.sparksnn.pipeline.loihi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.encoders.RateEncoder;
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
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.PointNetwork;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SynapseSetting;

/**
 * A tiny conv net through the whole mapping (off-chip to-spikes, conv and dense on chip, filtered
 * off-chip readout) against a reference computed independently in this test: the to-spikes layer
 * stepped by hand, the conv expanded to dense weights by a naive loop, the same integer emulator
 * on that dense network, and the lowpass readout written out.
 */
class ChipEvaluationTest {
  private static final double DT = 0.001;
  private static final int STEPS = 40;
  private static final double S_IN = 300;
  private static final double S_CONV = 150;
  private static final double S_DENSE = 60;
  private static final double TAU = 0.004;

  private static NetworkSpec spec() {
    return new NetworkSpec(new int[] {5, 5, 1}, List.of(
        new LayerSpec.Rescale("px", 2),
        LayerSpec.Activation.of("in", "relu"),
        new LayerSpec.Conv2d("c", 2, 3, 2, LayerSpec.Padding.VALID, true),
        LayerSpec.Activation.of("ca", "relu"),
        new LayerSpec.Flatten("f"),
        new LayerSpec.Dense("d", 3, true),
        LayerSpec.Activation.of("da", "relu"),
        new LayerSpec.Dense("out", 2, true)),
        DT, STEPS, Readout.LAST_STEP, 0, InitialVoltage.zero());
  }

  private static ParameterSet weights(NetworkSpec spec) {
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(11);
    SplittableRandom r = new SplittableRandom(4);
    ParameterSet.Builder b = ParameterSet.builder();
    for (String n : w.names()) {
      float[] v = w.get(n).clone();
      if (n.endsWith("/bias")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) r.nextDouble(0, 0.5);
        }
      } else {
        for (int i = 0; i < v.length; i++) {
          v[i] = Math.abs(v[i]) + 0.05f; // mostly excitatory: every layer spikes
        }
      }
      b.add(n, w.shape(n), v);
    }
    return b.build();
  }

  private static float[][] images(int n) {
    SplittableRandom r = new SplittableRandom(8);
    float[][] px = new float[n][25];
    for (float[] p : px) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) r.nextDouble();
      }
    }
    return px;
  }

  @Test
  void tinyConvNetMatchesAnIndependentReference() {
    NetworkSpec spec = spec();
    ParameterSet w = weights(spec);
    PointNetwork.Prepared p = PointNetwork.prepare(spec, w,
        new GridPoint(null, null, null, "loihi-relu", SynapseSetting.lowpass(TAU),
            ScaleSetting.perLayer(Map.of("in", S_IN, "ca", S_CONV, "da", S_DENSE))),
        KerasToLoihiModel.RESOLVER);
    ChipModel model = ChipModel.of(p.spec(), p.params(), Map.of());
    int batch = 6;
    long[] ids = {3, 4, 5, 6, 7, 8};
    float[][] px = images(batch);

    // 1. the off-chip layer by hand: loihi-relu float step from v = 0, J = s·(2·x)
    boolean[][][] host = new boolean[STEPS][batch][25];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < 25; i++) {
        double j = S_IN * (2.0 * px[b][i]);
        double v = 0;
        for (int t = 0; t < STEPS; t++) {
          v = Math.max(v + j * DT, 0);
          if (v > 1) {
            host[t][b][i] = true;
            v = 0;
          }
        }
      }
    }
    HostSpikes mine = model.input().spikes(ids, px, STEPS, DT);
    HostSpikes ref = HostSpikes.ofRaster(host);
    int[] a = new int[25];
    int[] c = new int[25];
    int hostSpikes = 0;
    for (int t = 0; t < STEPS; t++) {
      for (int b = 0; b < batch; b++) {
        int na = mine.spikes(t, b, a);
        int nc = ref.spikes(t, b, c);
        assertArrayEquals(Arrays.copyOf(c, nc), Arrays.copyOf(a, na), "host step " + t);
        hostSpikes += na;
      }
    }
    assertTrue(hostSpikes > 100, "host spikes " + hostSpikes);

    // 2. the chip as a dense network built by hand from the weight arrays
    float[] k = w.get("c/kernel"); // [3][3][1][2]
    float[] kb = w.get("c/bias");
    double[][] convW = new double[8][25];
    double[] convB = new double[8];
    for (int oy = 0; oy < 2; oy++) {
      for (int ox = 0; ox < 2; ox++) {
        for (int f = 0; f < 2; f++) {
          int post = (oy * 2 + ox) * 2 + f;
          convB[post] = S_CONV * kb[f];
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              convW[post][(oy * 2 + ky) * 5 + (ox * 2 + kx)] = k[(ky * 3 + kx) * 2 + f];
            }
          }
        }
      }
    }
    float[] dk = w.get("d/kernel");
    float[] db = w.get("d/bias");
    double[][] denseW = new double[3][8];
    double[] denseB = new double[3];
    for (int j = 0; j < 3; j++) {
      denseB[j] = S_DENSE * db[j];
      for (int i = 0; i < 8; i++) {
        denseW[j][i] = dk[i * 3 + j];
      }
    }
    double[] g1 = new double[8];
    Arrays.fill(g1, S_CONV);
    double[] g2 = new double[3];
    Arrays.fill(g2, S_DENSE);
    LoihiNetwork net = new LoihiNetwork(25, 1 / S_IN, DT, List.of(
        new LoihiLayer("c", NeuronSpec.relu(), 1 / S_CONV, g1, convB, TAU, convW, null, null),
        new LoihiLayer("d", NeuronSpec.relu(), 1 / S_DENSE, g2, denseB, TAU, denseW, null, null)));
    EmulatorRun run = LoihiEmulator.fixed(
            Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi())),
            25, Strictness.FAIL)
        .run(ref, batch, STEPS, true);
    assertTrue(run.totalSpikes(0) > 200 && run.totalSpikes(1) > 100,
        run.totalSpikes(0) + " / " + run.totalSpikes(1));

    // 3. the readout by hand: lowpass of the last layer's spikes, dense, argmax at the last step
    float[] ok = w.get("out/kernel");
    float[] ob = w.get("out/bias");
    double decay = Math.exp(-DT / TAU);
    int[] labels = new int[batch];
    int[] wrong = new int[batch];
    for (int b = 0; b < batch; b++) {
      double[] y = new double[3];
      for (int t = 0; t < STEPS; t++) {
        for (int j = 0; j < 3; j++) {
          double x = run.spiked(1, t, b, j) ? (1 / S_DENSE) / DT : 0;
          y[j] = decay * y[j] + (1 - decay) * x;
        }
      }
      double[] score = new double[2];
      for (int o = 0; o < 2; o++) {
        score[o] = ob[o];
        for (int j = 0; j < 3; j++) {
          score[o] += ok[j * 2 + o] * y[j];
        }
      }
      labels[b] = score[1] > score[0] ? 1 : 0;
      wrong[b] = 1 - labels[b];
    }

    ChipEvaluation eval = new ChipEvaluation(model, null, STEPS, Strictness.FAIL, false);
    ChipEvaluation.Tally right = eval.evaluate(ids, px, labels);
    assertEquals(batch, right.correct());
    assertEquals(0, eval.evaluate(ids, px, wrong).correct());
    assertArrayEquals(new long[] {run.totalSpikes(0), run.totalSpikes(1)}, right.spikesPerLayer());
  }

  @Test
  void offChipConvCurrentsAreGainTimesScaledConvolution() {
    NetworkSpec spec = KerasToLoihiModel.spec("relu");
    ParameterSet w = KerasToLoihiModel.weights(spec, 5);
    PointNetwork.Prepared p = PointNetwork.prepare(spec, w, new GridPoint(null, null, null, null,
        SynapseSetting.none(), ScaleSetting.perLayer(Map.of("to-spikes-act", 7.0))),
        KerasToLoihiModel.RESOLVER);
    OffChipInput in = ChipModel.of(p.spec(), p.params(), Map.of()).input();
    float[] img = images(1)[0];
    float[] full = new float[784];
    for (int i = 0; i < 784; i++) {
      full[i] = img[i % 25];
    }
    double[] j = in.currents(full);
    float[] k = w.get("to-spikes/kernel"); // [1][1][1][3]
    for (int i = 0; i < 784; i++) {
      for (int f = 0; f < 3; f++) {
        assertEquals(7.0 * (k[f] * (255.0 * full[i])), j[i * 3 + f], 1e-12);
      }
    }
    assertEquals(1 / 7.0, in.spikeAmplitude(), 1e-15);
  }

  @Test
  void denseModelKeepsTheEncoderPath() {
    NetworkSpec spec = new NetworkSpec(new int[] {6}, List.of(
        new LayerSpec.Dense("d", 4, true), LayerSpec.Activation.of("a", "loihi-relu"),
        new LayerSpec.Dense("o", 2, true)), DT, 20);
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(2);
    ChipModel m = ChipModel.of(spec, w, Map.of());
    List<String> names = new ArrayList<>(m.chipLayerNames());
    assertEquals(List.of("d"), names);
    assertTrue(m.input() == null && !m.filteredReadout());
  }
  @Test
  void encoderPathFeedsTheEncodersSpikesAndTimesTheEmulation() {
    NetworkSpec spec = new NetworkSpec(new int[] {30}, List.of(
        new LayerSpec.Dense("d", 8, true), LayerSpec.Activation.of("a", "loihi-relu"),
        new LayerSpec.Dense("o", 2, true)), DT, 25);
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(3);
    PointNetwork.Prepared p = PointNetwork.prepare(spec, w, new GridPoint(null, null, null, null,
        SynapseSetting.none(), ScaleSetting.global(1000)), KerasToLoihiModel.RESOLVER);
    ChipModel m = ChipModel.of(p.spec(), p.params(), Map.of());
    RateEncoder enc = new RateEncoder(25, 12, 7);
    long[] ids = {3, 17, 40_001};
    SplittableRandom r = new SplittableRandom(5);
    float[][] px = new float[ids.length][30];
    for (float[] row : px) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextDouble();
      }
    }
    ChipEvaluation eval = new ChipEvaluation(m, enc, Strictness.FAIL, false);
    ChipEvaluation.Tally t = eval.evaluate(ids, px, new int[ids.length]);

    // reference: the same chip driven input by input through SpikeEncoder.value
    boolean[][][] raster = new boolean[25][ids.length][30];
    for (int step = 0; step < 25; step++) {
      for (int b = 0; b < ids.length; b++) {
        for (int i = 0; i < 30; i++) {
          raster[step][b][i] = enc.value(ids[b], step, i, px[b][i]) != 0f;
        }
      }
    }
    LoihiNetwork net = m.network();
    EmulatorRun run = LoihiEmulator.fixed(
            Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi())),
            30, Strictness.FAIL)
        .run(HostSpikes.ofRaster(raster), ids.length, 25, true);
    assertTrue(run.totalSpikes(0) > 0);
    assertArrayEquals(new long[] {run.totalSpikes(0)}, t.spikesPerLayer());
    assertTrue(t.emulationNanos() > 0);
    ChipEvaluation.Tally twice = t.plus(t);
    assertEquals(2 * t.emulationNanos(), twice.emulationNanos());
    assertEquals(6 * 25 / (2 * t.emulationNanos() / 1e9), twice.imageStepsPerEmulationSecond(25),
        1e-6);
    assertEquals(0, ChipEvaluation.Tally.empty().imageStepsPerEmulationSecond(25));
  }

  @Test
  void encoderSpikesEnterTheChipWithTheValueOneTheNetworkWasTrainedOn() {
    // one input spiking at every step, weight 125: the float network sees J = 125 (input 1), so a
    // loihi-relu neuron gains J·dt = 0.125 per step and spikes when it passes 1 (every 9th step);
    // a spike worth 1/dt would make it spike at every step
    NetworkSpec spec = new NetworkSpec(new int[] {1}, List.of(
        new LayerSpec.Dense("d", 1, true), LayerSpec.Activation.of("a", "loihi-relu"),
        new LayerSpec.Dense("o", 2, true)), DT, 200);
    ParameterSet init = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    ParameterSet.Builder b = ParameterSet.builder();
    for (String n : init.names()) {
      float[] v = init.get(n).clone();
      if (n.startsWith("d/")) {
        v[0] = n.endsWith("/kernel") ? 125f : 0f;
      }
      b.add(n, init.shape(n), v);
    }
    ChipModel m = ChipModel.of(spec, b.build(), Map.of());
    assertEquals(DT, m.network().inputAmplitude(), 0);
    int steps = 200;
    boolean[][][] raster = new boolean[steps][1][1];
    for (boolean[][] step : raster) {
      step[0][0] = true;
    }
    int expected = 0;
    double v = 0;
    for (int t = 1; t < steps; t++) { // host spikes arrive one step later
      v += 0.125;
      if (v > 1) {
        expected++;
        v = 0;
      }
    }
    LoihiNetwork net = m.network();
    EmulatorRun simreal = LoihiEmulator.simreal(ChipBuilder.build(net), 1)
        .run(HostSpikes.ofRaster(raster), 1, steps, false);
    EmulatorRun fixed = LoihiEmulator.fixed(
            Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi())),
            1, Strictness.FAIL)
        .run(HostSpikes.ofRaster(raster), 1, steps, false);
    assertEquals(22, expected);
    assertEquals(expected, simreal.totalSpikes(0));
    assertEquals(expected, fixed.totalSpikes(0));
  }
}
