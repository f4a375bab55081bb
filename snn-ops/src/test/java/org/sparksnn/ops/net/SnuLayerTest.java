package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.neuron.InitialVoltage;

class SnuLayerTest {

  private static NetworkSpec single(boolean recurrent) {
    return new NetworkSpec(
        new int[] {1},
        List.of(new LayerSpec.Snu("snu", 1, 0.9, false, recurrent)),
        0.001,
        6,
        Readout.LAST_STEP,
        0,
        InitialVoltage.zero());
  }

  @Test
  void spikesAndResetsFollowTheSnuEquations() {
    Network net = Network.compile(single(false), TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(0);
    p.get("snu/kernel")[0] = 0.6f;
    assertEquals(1f, p.get("snu/bias")[0]);
    float[] y = new float[6];
    new NetworkRunner(net)
        .evaluate(
            p,
            Fixtures.tiled(new float[][] {{1f}}),
            new long[] {0},
            (t, v) -> y[t] = v.layerOutput(0)[0]);
    // V0 = 0.6 -> 0; V1 = 0.6·0.9 + 0.6 = 1.14 -> 1; V2 = 1.14·(1−1)·0.9 + 0.6 = 0.6 -> 0; ...
    assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, y);
  }

  @Test
  void recurrentWeightFeedsBackTheLastOutput() {
    Network net = Network.compile(single(true), TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(0);
    p.get("snu/kernel")[0] = 0.6f;
    p.get("snu/recurrent")[0] = 0.5f;
    float[] y = new float[6];
    new NetworkRunner(net)
        .evaluate(
            p,
            Fixtures.tiled(new float[][] {{1f}}),
            new long[] {0},
            (t, v) -> y[t] = v.layerOutput(0)[0]);
    // V2 = 0 + 0.6 + 0.5·1 = 1.1 -> 1: the recurrence keeps it firing after the first spike.
    assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1}, y);
  }

  @Test
  void trainsOnPerStepInputWithPseudoGradient() {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {6},
            List.of(
                new LayerSpec.Snu("snu", 16, 0.9, false, false),
                new LayerSpec.Dense("out", 2, true)),
            0.001,
            8,
            Readout.MEAN_OVER_STEPS,
            0,
            InitialVoltage.zero());
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(5);
    float[][] x = new float[32][6];
    int[] labels = new int[32];
    for (int s = 0; s < 32; s++) {
      labels[s] = s % 2;
      for (int i = 0; i < 6; i++) {
        x[s][i] = (i < 3) == (labels[s] == 0) ? 1.5f : 0f;
      }
    }
    NetworkRunner runner = new NetworkRunner(net);
    double first = Double.NaN;
    GradientResult g = null;
    org.sparksnn.ops.optim.Adam adam = org.sparksnn.ops.optim.Adam.withLearningRate(0.05);
    org.sparksnn.ops.optim.OptimizerState st = adam.init(p);
    for (int it = 0; it < 60; it++) {
      g =
          runner.gradient(
              p, Fixtures.perStep(x), Fixtures.ids(32), labels, Loss.SOFTMAX_CROSS_ENTROPY);
      if (it == 0) {
        first = g.loss();
      }
      g.gradient().scaleInPlace(1.0 / 32);
      adam.update(p, g.gradient(), st);
    }
    assertTrue(g.loss() < 0.5 * first, first + " -> " + g.loss());
    assertEquals(32, g.correct());
  }
}
