package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparksnn.ops.loss.RateRegularizer.Scope.EVERY_STEP;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Central finite differences of the training loss against the BPTT gradient, for every layer type,
 * rate-mode neuron, readout, loss and the lowpass tau.
 */
class GradientCheckTest {

  private static final double EPS = 1e-2;
  private static final double EPS_KINKED = 1e-3;

  private static NetworkSpec spec(int[] input, List<LayerSpec> layers, int steps, Readout r) {
    return new NetworkSpec(input, layers, 0.005, steps, r, 0.01, InitialVoltage.uniform(1));
  }

  private static LayerSpec.Activation act(String name, String neuron, RateRegularizer reg) {
    return new LayerSpec.Activation(name, neuron, Map.of(), true, 1.0, reg);
  }

  /** Checks {@code samples} random coordinates of every parameter array; returns checks made. */
  private static int check(
      NetworkSpec spec, Loss loss, InputSource input, int batch, long seed, boolean perturbTau) {
    return check(spec, loss, input, batch, seed, perturbTau, EPS);
  }

  private static int check(
      NetworkSpec spec,
      Loss loss,
      InputSource input,
      int batch,
      long seed,
      boolean perturbTau,
      double eps) {
    return check(spec, loss, input, batch, seed, perturbTau, eps, false);
  }

  private static int check(
      NetworkSpec spec,
      Loss loss,
      InputSource input,
      int batch,
      long seed,
      boolean perturbTau,
      double eps,
      boolean smoothSnu) {
    Network net =
        smoothSnu
            ? Network.compileWithSmoothSnu(spec, TestNeurons.RESOLVER)
            : Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(seed);
    for (String name : p.names()) {
      if (name.endsWith("/bias")) {
        float[] b = p.get(name);
        for (int k = 0; k < b.length; k++) {
          b[k] = (float) (0.2 * (KeyedRandom.uniform(seed, k, 1, 2) - 0.5));
        }
      }
    }
    long[] ids = Fixtures.ids(batch);
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = b % net.outputSize();
    }
    NetworkRunner runner = new NetworkRunner(net);
    GradientResult g = runner.gradient(p, input, ids, labels, loss);
    int checks = 0;
    for (String name : p.names()) {
      if (name.endsWith("/tau") && !perturbTau) {
        continue;
      }
      float[] v = p.get(name);
      float[] grad = g.gradient().get(name);
      for (int s = 0; s < Math.min(6, v.length); s++) {
        int k = (int) (KeyedRandom.uniform(seed, s, 3, name.hashCode()) * v.length);
        float orig = v[k];
        double h = name.endsWith("/tau") ? 1e-3 : eps;
        v[k] = (float) (orig + h);
        double up = runner.loss(p, input, ids, labels, loss).totalLoss();
        v[k] = (float) (orig - h);
        double down = runner.loss(p, input, ids, labels, loss).totalLoss();
        v[k] = orig;
        double fd = (up - down) / (2 * h);
        assertEquals(
            fd,
            grad[k],
            2e-3 + 3e-2 * Math.abs(fd),
            name + "[" + k + "] fd=" + fd + " bptt=" + grad[k]);
        checks++;
      }
    }
    return checks;
  }

  @Test
  void denseSoftplusCrossEntropyLastStep() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Dense("d0", 4, true),
                act("a", "softplus", null),
                new LayerSpec.Dense("d1", 3, true)),
            3,
            Readout.LAST_STEP);
    assertTrue(
        check(
                s,
                Loss.SOFTMAX_CROSS_ENTROPY,
                Fixtures.tiled(Fixtures.uniform(1, 4, 5, -1, 1)),
                4,
                11,
                false)
            > 0);
  }

  @Test
  void denseSoftplusLastStepPerStepInput() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Dense("d0", 4, true),
                act("a", "softplus", null),
                new LayerSpec.Dense("d1", 3, true)),
            3,
            Readout.LAST_STEP);
    assertTrue(
        check(
                s,
                Loss.SOFTMAX_CROSS_ENTROPY,
                Fixtures.perStep(Fixtures.uniform(4, 4, 5, -1, 1)),
                4,
                14,
                false)
            > 0);
  }

  @Test
  void denseReluMseMeanOverStepsPerStepInput() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Dense("d0", 6, true),
                act("a", "relu", null),
                new LayerSpec.Dense("d1", 3, false)),
            4,
            Readout.MEAN_OVER_STEPS);
    check(
        s, Loss.MSE, Fixtures.perStep(Fixtures.uniform(2, 3, 5, -1, 1)), 3, 12, false, EPS_KINKED);
  }

  @Test
  void spikingReluTrainedInRateModeHasExactRateGradient() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Dense("d0", 6, true),
                new LayerSpec.Activation("a", "spiking-relu", Map.of(), false, 3.0, null),
                new LayerSpec.Dense("d1", 3, true)),
            3,
            Readout.LAST_STEP);
    check(
        s,
        Loss.SOFTMAX_CROSS_ENTROPY,
        Fixtures.tiled(Fixtures.uniform(3, 4, 5, -1, 1)),
        4,
        13,
        false,
        EPS_KINKED);
  }

  @Test
  void convValidStridedAndSameWithPoolAndFlatten() {
    NetworkSpec s =
        spec(
            new int[] {7, 6, 2},
            List.of(
                new LayerSpec.Conv2d("c0", 3, 3, 2, LayerSpec.Padding.VALID, true),
                act("a0", "softplus", null),
                new LayerSpec.Conv2d("c1", 4, 3, 1, LayerSpec.Padding.SAME, true),
                act("a1", "softplus", null),
                new LayerSpec.AvgPool("p", 2),
                new LayerSpec.Flatten("f"),
                new LayerSpec.Dense("d", 3, true)),
            2,
            Readout.LAST_STEP);
    check(
        s,
        Loss.SOFTMAX_CROSS_ENTROPY,
        Fixtures.tiled(Fixtures.uniform(4, 3, 84, -1, 1)),
        3,
        14,
        false);
  }

  @Test
  void rescaleInFrontAndBetweenLayers() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Rescale("pixels", 3.0),
                new LayerSpec.Dense("d0", 4, true),
                new LayerSpec.Rescale("gain", -0.5, 0.25),
                act("a", "softplus", null),
                new LayerSpec.Dense("d1", 3, true)),
            2,
            Readout.LAST_STEP);
    int checks =
        check(
            s,
            Loss.SOFTMAX_CROSS_ENTROPY,
            Fixtures.tiled(Fixtures.uniform(3, 3, 5, -1, 1)),
            3,
            16,
            false);
    assertTrue(checks > 0);
  }

  @Test
  void convSameEvenKernelPerStepInput() {
    NetworkSpec s =
        spec(
            new int[] {5, 5, 1},
            List.of(
                new LayerSpec.Conv2d("c0", 2, 2, 2, LayerSpec.Padding.SAME, true),
                act("a0", "softplus", null),
                new LayerSpec.Flatten("f"),
                new LayerSpec.Dense("d", 2, true)),
            2,
            Readout.MEAN_OVER_STEPS);
    check(s, Loss.MSE, Fixtures.perStep(Fixtures.uniform(5, 2, 25, -1, 1)), 2, 15, false);
  }

  @Test
  void lowpassTauAndLowpassReadout() {
    NetworkSpec s =
        spec(
            new int[] {4},
            List.of(
                new LayerSpec.Dense("d0", 5, true),
                act("a", "softplus", null),
                new LayerSpec.Lowpass("lp", 0.01, true, 0.1),
                new LayerSpec.Dense("d1", 3, true)),
            6,
            Readout.LOWPASS);
    check(
        s,
        Loss.SOFTMAX_CROSS_ENTROPY,
        Fixtures.perStep(Fixtures.uniform(6, 4, 4, -1, 1)),
        4,
        16,
        true);
  }

  @Test
  void lowpassOnTimeInvariantInput() {
    NetworkSpec s =
        spec(
            new int[] {4},
            List.of(
                new LayerSpec.Dense("d0", 3, true),
                new LayerSpec.Lowpass("lp", 0.008, true, 0),
                act("a", "softplus", null),
                new LayerSpec.Dense("d1", 2, true)),
            5,
            Readout.MEAN_OVER_STEPS);
    check(s, Loss.MSE, Fixtures.tiled(Fixtures.uniform(7, 3, 4, -1, 1)), 3, 17, true);
  }

  @Test
  void rateRegularizersTargetAndRange() {
    NetworkSpec s =
        spec(
            new int[] {5},
            List.of(
                new LayerSpec.Dense("d0", 6, true),
                act("a0", "softplus", RateRegularizer.l2(0.05, 0.3)),
                new LayerSpec.Dense("d1", 4, true),
                act("a1", "softplus", new RateRegularizer(0.02, 0.1, 0.5, 0.9)),
                new LayerSpec.Dense("d2", 3, true)),
            3,
            Readout.LAST_STEP);
    check(
        s,
        Loss.SOFTMAX_CROSS_ENTROPY,
        Fixtures.tiled(Fixtures.uniform(8, 4, 5, -1, 1)),
        4,
        18,
        false);
  }

  /** Two softplus layers, each with a rate regularizer of {@code scope} (L2 only, then L1+L2). */
  private static NetworkSpec twoRegularizedLayers(RateRegularizer.Scope scope) {
    return spec(
        new int[] {5},
        List.of(
            new LayerSpec.Dense("d0", 6, true),
            act("a0", "softplus", new RateRegularizer(0, 0.05, 0.3, 0.3, scope)),
            new LayerSpec.Dense("d1", 4, true),
            act("a1", "softplus", new RateRegularizer(0.02, 0.1, 0.5, 0.9, scope)),
            new LayerSpec.Dense("d2", 3, true)),
        3,
        Readout.MEAN_OVER_STEPS);
  }

  @Test
  void perStepRegularizersOnTimeVaryingInput() {
    check(
        twoRegularizedLayers(EVERY_STEP),
        Loss.SOFTMAX_CROSS_ENTROPY,
        Fixtures.perStep(Fixtures.uniform(9, 3, 5, -1, 1)),
        3,
        19,
        false);
  }

  @Test
  void lastStepRegularizersOnTimeVaryingInputAndTiledInput() {
    NetworkSpec s = twoRegularizedLayers(RateRegularizer.Scope.LAST_STEP);
    float[][] x = Fixtures.uniform(9, 3, 5, -1, 1);
    check(s, Loss.SOFTMAX_CROSS_ENTROPY, Fixtures.perStep(x), 3, 19, false);
    check(s, Loss.SOFTMAX_CROSS_ENTROPY, Fixtures.tiled(x), 3, 23, false);
  }

  @Test
  void snuBpttWithSmoothForwardMatchesFiniteDifferences() {
    for (boolean recurrent : new boolean[] {false, true}) {
      for (boolean leaky : new boolean[] {false, true}) {
        NetworkSpec s =
            spec(
                new int[] {5},
                List.of(
                    new LayerSpec.Snu("snu0", 6, 0.8, leaky, recurrent),
                    new LayerSpec.Snu("snu1", 4, 0.9, leaky, recurrent),
                    new LayerSpec.Dense("out", 3, true)),
                5,
                Readout.MEAN_OVER_STEPS);
        check(
            s,
            Loss.SOFTMAX_CROSS_ENTROPY,
            Fixtures.perStep(Fixtures.uniform(9, 4, 5, -1, 2)),
            4,
            19,
            false,
            EPS_KINKED,
            true);
        check(
            s,
            Loss.MSE,
            Fixtures.tiled(Fixtures.uniform(10, 3, 5, -1, 2)),
            3,
            20,
            false,
            EPS_KINKED,
            true);
      }
    }
  }
}
