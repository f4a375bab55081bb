package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;

class NetworkRunnerTest {

  private static NetworkSpec mlp(String neuron, int steps, Readout readout) {
    return mlp(neuron, steps, readout, InitialVoltage.uniform(3));
  }

  private static NetworkSpec mlp(String neuron, int steps, Readout readout, InitialVoltage init) {
    return new NetworkSpec(
        new int[] {6},
        List.of(
            new LayerSpec.Dense("d0", 5, true),
            new LayerSpec.Activation("a0", neuron, Map.of(), true, 1.0, null),
            new LayerSpec.Dense("d1", 3, true)),
        0.01,
        steps,
        readout,
        0.02,
        init);
  }

  @Test
  void denseReluMatchesHandComputation() {
    Network net = Network.compile(mlp("relu", 3, Readout.LAST_STEP), TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(1);
    java.util.Arrays.fill(p.get("d0/bias"), 0.05f);
    float[][] x = Fixtures.uniform(2, 4, 6, 0, 1);
    float[] out = new NetworkRunner(net).evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null);
    float[] w0 = p.get("d0/kernel");
    float[] w1 = p.get("d1/kernel");
    for (int b = 0; b < 4; b++) {
      for (int o = 0; o < 3; o++) {
        double y = 0;
        for (int h = 0; h < 5; h++) {
          double z = 0.05;
          for (int i = 0; i < 6; i++) {
            z += x[b][i] * w0[i * 5 + h];
          }
          y += Math.max(z, 0) * w1[h * 3 + o];
        }
        assertEquals(y, out[b * 3 + o], 1e-5);
      }
    }
  }

  @Test
  void rescaleLayerFeedsTheNextLayerTheScaledAndShiftedInput() {
    List<LayerSpec> plain = mlp("relu", 2, Readout.LAST_STEP).layers();
    List<LayerSpec> scaled = new ArrayList<>();
    scaled.add(new LayerSpec.Rescale("pixels", 255.0, -3.0));
    scaled.addAll(plain);
    NetworkSpec withRescale =
        new NetworkSpec(
            new int[] {6}, scaled, 0.01, 2, Readout.LAST_STEP, 0.0, InitialVoltage.uniform(3));
    Network a = Network.compile(withRescale, TestNeurons.RESOLVER);
    Network b = Network.compile(mlp("relu", 2, Readout.LAST_STEP), TestNeurons.RESOLVER);
    ParameterSet p = b.initParameters(5);
    float[][] x = Fixtures.uniform(6, 3, 6, 0, 1);
    float[][] x255 = new float[3][6];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 6; k++) {
        x255[i][k] = 255f * x[i][k] + -3f;
      }
    }
    float[] viaLayer = new NetworkRunner(a).evaluate(p, Fixtures.tiled(x), Fixtures.ids(3), null);
    float[] direct = new NetworkRunner(b).evaluate(p, Fixtures.tiled(x255), Fixtures.ids(3), null);
    assertArrayEquals(direct, viaLayer);
  }

  @Test
  void regularizerScopesPenalizeTheRateEveryStepOrTheLastStep() {
    double[] losses = new double[3];
    int i = 0;
    for (RateRegularizer.Scope scope : RateRegularizer.Scope.values()) {
      RateRegularizer r = new RateRegularizer(0, 0.5, 3, 3, scope);
      NetworkSpec spec =
          new NetworkSpec(
              new int[] {2},
              List.of(
                  new LayerSpec.Dense("d0", 2, true),
                  new LayerSpec.Activation("a0", "relu", Map.of(), true, 1.0, r),
                  new LayerSpec.Dense("d1", 2, true)),
              0.01,
              4,
              Readout.LAST_STEP,
              0.0,
              InitialVoltage.uniform(3));
      Network net = Network.compile(spec, TestNeurons.RESOLVER);
      ParameterSet p = net.initParameters(2);
      float[] k0 = p.get("d0/kernel");
      java.util.Arrays.fill(k0, 0f);
      k0[0] = 1f; // a0 = relu([x0, 0])
      float[][] x = {{5f, 1f}};
      losses[i++] =
          new NetworkRunner(net)
              .loss(p, Fixtures.tiled(x), Fixtures.ids(1), new int[] {0}, Loss.MSE)
              .regularizationLoss();
    }
    // rate: 0.5 * ((5 - 3)^2 + (0 - 3)^2) = 6.5; every step: the same at each of the 4 steps;
    // last step: once
    assertEquals(6.5, losses[0], 1e-6);
    assertEquals(4 * 6.5, losses[1], 1e-6);
    assertEquals(6.5, losses[2], 1e-6);
  }

  @Test
  void lastStepRegularizerSeesOnlyTheLastStepOfASpikingLayer() {
    // spiking relu at rate 5 Hz, dt 0.1: spikes (height 10) at steps 1 and 3 of 4 (v0 = 0);
    // the last step's output is 10, so L2 toward 10 costs nothing there, but every other step's
    // output (0) would
    RateRegularizer last = new RateRegularizer(0, 1, 10, 10, RateRegularizer.Scope.LAST_STEP);
    RateRegularizer every = new RateRegularizer(0, 1, 10, 10, RateRegularizer.Scope.EVERY_STEP);
    double[] losses = new double[2];
    int i = 0;
    for (RateRegularizer r : List.of(last, every)) {
      NetworkSpec spec =
          new NetworkSpec(
              new int[] {1},
              List.of(
                  new LayerSpec.Dense("d0", 1, false),
                  new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, 1.0, r),
                  new LayerSpec.Dense("d1", 1, false)),
              0.1,
              4,
              Readout.LAST_STEP,
              0.0,
              InitialVoltage.zero());
      Network net = Network.compile(spec, TestNeurons.RESOLVER);
      ParameterSet p = net.initParameters(2);
      p.get("d0/kernel")[0] = 1f;
      losses[i++] =
          new NetworkRunner(net)
              .loss(p, Fixtures.tiled(new float[][] {{5f}}), Fixtures.ids(1), new int[] {0},
                  Loss.MSE)
              .regularizationLoss();
    }
    assertEquals(0.0, losses[0], 1e-9);
    assertEquals(2 * 100.0, losses[1], 1e-6);
  }

  @Test
  void aRunnerStartsEveryBatchFromItsInitialVoltagesWhateverRanBefore() {
    for (InitialVoltage init :
        new InitialVoltage[] {InitialVoltage.zero(), InitialVoltage.uniform(4)}) {
      Network net =
          Network.compile(mlp("spiking-relu", 9, Readout.LAST_STEP, init), NeuronTypes::create);
      ParameterSet p = net.initParameters(5);
      float[][] x = Fixtures.uniform(9, 4, 6, 0, 20);
      float[][] other = Fixtures.uniform(10, 4, 6, 0, 20);
      float[] fresh = new NetworkRunner(net).evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null);
      NetworkRunner runner = new NetworkRunner(net); // reuses its neuron states between batches
      runner.evaluate(p, Fixtures.tiled(other), Fixtures.ids(4), null);
      assertArrayEquals(
          fresh, runner.evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null), init.toString());
    }
  }

  @Test
  void perTrainingStepVoltagesChangeTheGradientWithTheStepButNotTheEvaluation() {
    float[][] x = Fixtures.uniform(9, 8, 6, 0, 300); // currents of about 1 spike per step
    int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
    Network perStep =
        Network.compile(
            mlp("spiking-relu", 5, Readout.LAST_STEP, InitialVoltage.uniformPerTrainingStep(3)),
            NeuronTypes::create);
    Network fixed = Network.compile(mlp("spiking-relu", 5, Readout.LAST_STEP), NeuronTypes::create);
    ParameterSet p = perStep.initParameters(5);
    NetworkRunner runner = new NetworkRunner(perStep);
    float[] step3 = gradient(runner, p, x, labels, 3);
    float[] step4 = gradient(runner, p, x, labels, 4);
    assertArrayEquals(step3, gradient(new NetworkRunner(perStep), p, x, labels, 3), "same step");
    assertTrue(!java.util.Arrays.equals(step3, step4), "a new draw at every step");
    NetworkRunner fixedRunner = new NetworkRunner(fixed);
    assertArrayEquals(
        gradient(fixedRunner, p, x, labels, 3), gradient(fixedRunner, p, x, labels, 4), "fixed");
    assertArrayEquals(
        new NetworkRunner(fixed).evaluate(p, Fixtures.tiled(x), Fixtures.ids(8), null),
        runner.evaluate(p, Fixtures.tiled(x), Fixtures.ids(8), null),
        "evaluation draws as a plain uniform start");
  }

  private static float[] gradient(
      NetworkRunner runner, ParameterSet p, float[][] x, int[] labels, long step) {
    return runner
        .gradient(
            p,
            Fixtures.tiled(x),
            Fixtures.ids(labels.length),
            labels,
            Loss.SOFTMAX_CROSS_ENTROPY,
            p.zerosLike(),
            step)
        .gradient()
        .flatten();
  }

  @Test
  void gradientIntoAReusedSetEqualsAFreshGradient() {
    Network net = Network.compile(mlp("spiking-relu", 5, Readout.LAST_STEP), NeuronTypes::create);
    ParameterSet p = net.initParameters(5);
    float[][] x = Fixtures.uniform(9, 8, 6, 0, 20);
    float[][] other = Fixtures.uniform(10, 8, 6, 0, 20);
    int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
    NetworkRunner runner = new NetworkRunner(net);
    GradientResult fresh =
        runner.gradient(p, Fixtures.tiled(x), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY);
    ParameterSet reused = p.zerosLike();
    runner.gradient(
        p, Fixtures.tiled(other), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY, reused, 0);
    reused.fill(Float.NaN); // whatever the set holds is overwritten
    GradientResult again =
        runner.gradient(
            p, Fixtures.tiled(x), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY, reused, 0);
    assertTrue(again.gradient() == reused, "the result holds the caller's set");
    assertArrayEquals(fresh.gradient().flatten(), again.gradient().flatten());
    assertEquals(fresh.loss(), again.loss());
    float[] flat = new float[p.totalSize()];
    assertTrue(reused.flattenInto(flat) == flat);
    assertArrayEquals(reused.flatten(), flat);

    ParameterSet bad = ParameterSet.builder().add("x", new int[] {3}, new float[3]).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                runner.gradient(
                    p, Fixtures.tiled(x), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY,
                    bad, 0));
    assertTrue(e.getMessage().contains("NetworkRunner.grads"), e.getMessage());
  }

  @Test
  void timeTiledInputIsBitIdenticalToFeedingEveryStep() {
    for (String neuron : new String[] {"relu", "spiking-relu"}) {
      for (Readout r : Readout.values()) {
        Network net = Network.compile(mlp(neuron, 7, r), TestNeurons.RESOLVER);
        ParameterSet p = net.initParameters(5);
        float[][] x = Fixtures.uniform(9, 8, 6, 0, 20);
        NetworkRunner runner = new NetworkRunner(net);
        Trace a = trace(runner, p, Fixtures.tiled(x), 8, 1);
        Trace b = trace(runner, p, Fixtures.perStep(x), 8, 1);
        assertArrayEquals(b.readout(), a.readout(), neuron + " " + r);
        for (int t = 0; t < 7; t++) {
          assertArrayEquals(b.steps().get(t), a.steps().get(t));
        }
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        GradientResult ga =
            runner.gradient(
                p, Fixtures.tiled(x), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY);
        GradientResult gb =
            runner.gradient(
                p, Fixtures.perStep(x), Fixtures.ids(8), labels, Loss.SOFTMAX_CROSS_ENTROPY);
        assertEquals(gb.loss(), ga.loss(), 1e-5 * Math.abs(gb.loss()));
        float[] fa = ga.gradient().flatten();
        float[] fb = gb.gradient().flatten();
        for (int k = 0; k < fa.length; k++) {
          assertEquals(fb[k], fa[k], 1e-4 + 1e-4 * Math.abs(fb[k]));
        }
      }
    }
  }

  @Test
  void heldInputOfAScaledSpikingLayerGivesTheSameSpikesAsFeedingEveryStep() {
    // the tiled input is held (Layer.Run.holdInput): the scaled drive is computed once per batch
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {6},
            List.of(
                new LayerSpec.Dense("d", 5, true),
                new LayerSpec.Activation("a", "spiking-relu", java.util.Map.of(), true, 7.3, null),
                new LayerSpec.Dense("o", 3, true)),
            0.001,
            12);
    // the production spiking relu: its fused kernel is the one that holds the drive
    Network net = Network.compile(spec, org.sparksnn.ops.neuron.NeuronTypes::create);
    ParameterSet p = net.initParameters(4);
    float[][] x = Fixtures.uniform(10, 8, 6, 0, 20);
    NetworkRunner runner = new NetworkRunner(net);
    Trace a = trace(runner, p, Fixtures.tiled(x), 8, 1);
    Trace b = trace(runner, p, Fixtures.perStep(x), 8, 1);
    assertArrayEquals(b.readout(), a.readout());
    int spikes = 0;
    for (int t = 0; t < 12; t++) {
      assertArrayEquals(b.steps().get(t), a.steps().get(t), "step " + t);
      for (float f : a.steps().get(t)) {
        spikes += f != 0f ? 1 : 0;
      }
    }
    assertTrue(spikes > 0, "the layer must spike");
  }

  @Test
  void spikingReluRateApproachesReluRateOverManySteps() {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {4},
            List.of(LayerSpec.Activation.of("a", "spiking-relu")),
            0.001,
            2000,
            Readout.MEAN_OVER_STEPS,
            0,
            InitialVoltage.zero());
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    float[][] x = {{0, 10, 55.5f, 333}};
    float[] r =
        new NetworkRunner(net)
            .evaluate(net.initParameters(0), Fixtures.tiled(x), new long[] {0}, null);
    for (int i = 0; i < 4; i++) {
      assertEquals(x[0][i], r[i], 1.0 / (2000 * 0.001) + 1e-3);
    }
  }

  @Test
  void scaleFiringRatesKeepsReluOutputAndRaisesSpikeCount() {
    NetworkSpec base =
        new NetworkSpec(
            new int[] {4},
            List.of(new LayerSpec.Activation("a", "spiking-relu", Map.of(), true, 1.0, null)),
            0.001,
            100,
            Readout.MEAN_OVER_STEPS,
            0,
            InitialVoltage.zero());
    NetworkSpec scaled =
        base.withLayers(
            List.of(new LayerSpec.Activation("a", "spiking-relu", Map.of(), true, 10.0, null)));
    float[][] x = {{2, 5, 20, 40}};
    int[] spikes = new int[2];
    int[] which = {0};
    StepListener count =
        (t, v) -> {
          for (float f : v.layerOutput(0)) {
            spikes[which[0]] += Math.round(f * 0.001f * (which[0] == 1 ? 10 : 1));
          }
        };
    Network a = Network.compile(base, TestNeurons.RESOLVER);
    float[] ra =
        new NetworkRunner(a)
            .evaluate(a.initParameters(0), Fixtures.tiled(x), new long[] {0}, count);
    which[0] = 1;
    Network b = Network.compile(scaled, TestNeurons.RESOLVER);
    float[] rb =
        new NetworkRunner(b)
            .evaluate(b.initParameters(0), Fixtures.tiled(x), new long[] {0}, count);
    for (int i = 0; i < 4; i++) {
      assertEquals(x[0][i], rb[i], 1.0 / (0.1 * 10) + 1e-3);
      assertEquals(x[0][i], ra[i], 1.0 / 0.1 + 1e-3);
    }
    assertTrue(spikes[1] > 9 * spikes[0], spikes[0] + " vs " + spikes[1]);
  }

  @Test
  void listenerSeesEveryStepAndFinalReadout() {
    Network net = Network.compile(mlp("spiking-relu", 6, Readout.LOWPASS), TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(4);
    float[][] x = Fixtures.uniform(3, 5, 6, 0, 50);
    List<Integer> steps = new ArrayList<>();
    float[][] last = new float[1][];
    float[] out =
        new NetworkRunner(net)
            .evaluate(
                p,
                Fixtures.tiled(x),
                Fixtures.ids(5),
                (t, v) -> {
                  steps.add(t);
                  assertEquals(5, v.batch());
                  assertEquals(3, v.layerSize(2));
                  last[0] = v.readout().clone();
                });
    assertEquals(List.of(0, 1, 2, 3, 4, 5), steps);
    assertArrayEquals(out, last[0]);
  }

  @Test
  void rateModeTrainingForwardDiffersFromSpikingEvaluation() {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {6},
            List.of(
                new LayerSpec.Dense("d0", 5, true),
                new LayerSpec.Activation("a0", "spiking-relu", Map.of(), false, 1.0, null),
                new LayerSpec.Dense("d1", 3, true)),
            0.01,
            4);
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    Network rate =
        Network.compile(
            spec.withLayers(
                List.of(
                    new LayerSpec.Dense("d0", 5, true),
                    new LayerSpec.Activation("a0", "relu", Map.of(), false, 1.0, null),
                    new LayerSpec.Dense("d1", 3, true))),
            TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(8);
    float[][] x = Fixtures.uniform(1, 4, 6, 0, 10);
    int[] labels = {0, 1, 2, 1};
    double trainLoss =
        new NetworkRunner(net).loss(p, Fixtures.tiled(x), Fixtures.ids(4), labels, Loss.MSE).loss();
    double rateLoss =
        new NetworkRunner(rate)
            .loss(p, Fixtures.tiled(x), Fixtures.ids(4), labels, Loss.MSE)
            .loss();
    assertEquals(rateLoss, trainLoss, 1e-6 * rateLoss);
    float[] spiking = new NetworkRunner(net).evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null);
    float[] rates = new NetworkRunner(rate).evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null);
    assertNotEquals(java.util.Arrays.toString(rates), java.util.Arrays.toString(spiking));
  }

  @Test
  void rejectsParametersOfWrongShapeNamingTheLayer() {
    Network net = Network.compile(mlp("relu", 2, Readout.LAST_STEP), TestNeurons.RESOLVER);
    ParameterSet bad =
        ParameterSet.builder()
            .add("d0/kernel", new int[] {6, 4}, new float[24])
            .add("d0/bias", new int[] {5}, new float[5])
            .add("d1/kernel", new int[] {5, 3}, new float[15])
            .add("d1/bias", new int[] {3}, new float[3])
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NetworkRunner(net)
                    .evaluate(
                        bad, Fixtures.tiled(new float[][] {new float[6]}), new long[] {0}, null));
    assertTrue(e.getMessage().contains("layer 'd0'"), e.getMessage());
  }

  @Test
  void unknownNeuronTypeNamesTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Network.compile(mlp("nope", 2, Readout.LAST_STEP), TestNeurons.RESOLVER));
    assertTrue(e.getMessage().contains("layer 'a0'"), e.getMessage());
  }

  /** An evaluation's readout and layer {@code layer}'s output at every step. */
  private record Trace(float[] readout, List<float[]> steps) {}

  private static Trace trace(
      NetworkRunner runner, ParameterSet p, InputSource input, int rows, int layer) {
    List<float[]> steps = new ArrayList<>();
    float[] readout =
        runner.evaluate(
            p, input, Fixtures.ids(rows), (t, v) -> steps.add(v.layerOutput(layer).clone()));
    return new Trace(readout, steps);
  }
}
