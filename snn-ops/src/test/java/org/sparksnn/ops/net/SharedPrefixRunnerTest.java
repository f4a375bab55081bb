package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;

class SharedPrefixRunnerTest {
  private static final int STEPS = 9;

  /** dense 8 → spiking relu (scale) → [lowpass tau] → dense 3, dt 1 ms, uniform voltages. */
  private static NetworkSpec spec(double scale, Double tau, double dt, Readout readout) {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec.Dense("d0", 8, true));
    layers.add(new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, scale, null));
    if (tau != null) {
      layers.add(new LayerSpec.Lowpass("a0_synapse", tau, false, 0));
    }
    layers.add(new LayerSpec.Dense("d1", 3, true));
    return new NetworkSpec(
        new int[] {6}, layers, dt, STEPS, readout, 0.005, InitialVoltage.uniform(7));
  }

  private static Network compile(NetworkSpec spec) {
    return Network.compile(spec, NeuronTypes::create);
  }

  /** The first network's weights for every network (the lowpass taus are each its own). */
  private static ParameterSet weights(Network net, ParameterSet base) {
    ParameterSet p = net.initParameters(99);
    for (String name : base.names()) {
      if (p.contains(name) && !name.endsWith("/tau")) {
        System.arraycopy(base.get(name), 0, p.get(name), 0, base.get(name).length);
      }
    }
    return p;
  }

  /**
   * Adds the networks of scale 4 for the synapses 0.001, 0.005 and 0.01 s to {@code nets}, each
   * with the weights of seed {@code seed} (returned) in {@code params}.
   */
  private static ParameterSet synapseAxis(
      Readout readout, long seed, List<Network> nets, List<ParameterSet> params) {
    ParameterSet base = compile(spec(4.0, 0.001, 0.001, readout)).initParameters(seed);
    for (double tau : new double[] {0.001, 0.005, 0.01}) {
      Network n = compile(spec(4.0, tau, 0.001, readout));
      nets.add(n);
      params.add(weights(n, base));
    }
    return base;
  }

  /** Every layer's output at every step, and the readout, copied as the listener sees them. */
  private static final class Recorder implements StepListener {
    final List<float[]> seen = new ArrayList<>();

    @Override
    public void onStep(int step, StepView view) {
      for (int i = 0; i < view.layers(); i++) {
        seen.add(view.layerOutput(i).clone());
      }
      seen.add(view.readout().clone());
    }
  }

  private static void assertSameAsAlone(
      List<Network> nets, List<ParameterSet> params, int shared, InputSource input, long[] ids) {
    assertSameAsAlone(new SharedPrefixRunner(nets, shared), nets, params, input, ids);
  }

  private static void assertSameAsAlone(
      SharedPrefixRunner runner,
      List<Network> nets,
      List<ParameterSet> params,
      InputSource input,
      long[] ids) {
    // two batches through the same runner: buffers and neuron states are reused correctly
    for (int batch = 0; batch < 2; batch++) {
      List<Recorder> together = new ArrayList<>();
      for (int b = 0; b < nets.size(); b++) {
        together.add(new Recorder());
      }
      float[][] readouts = runner.evaluate(params, input, ids, List.copyOf(together));
      for (int b = 0; b < nets.size(); b++) {
        Recorder alone = new Recorder();
        float[] readout =
            new NetworkRunner(nets.get(b)).evaluate(params.get(b), input, ids, alone);
        assertArrayEquals(readout, readouts[b], "network " + b + " readout");
        assertEquals(alone.seen.size(), together.get(b).seen.size());
        for (int k = 0; k < alone.seen.size(); k++) {
          assertArrayEquals(alone.seen.get(k), together.get(b).seen.get(k), "network " + b);
        }
      }
    }
  }

  @Test
  void pointsThatDifferAfterTheSpikingLayerGiveTheBitsOfEachRunAlone() {
    List<Network> nets = new ArrayList<>();
    List<ParameterSet> params = new ArrayList<>();
    synapseAxis(Readout.LAST_STEP, 3, nets, params);
    assertEquals(2, SharedPrefixRunner.sharedLayers(nets.get(0), params.get(0), nets.get(2), params.get(2)));
    float[][] x = Fixtures.uniform(11, 5, 6, 0, 30);
    float[][] readouts =
        new SharedPrefixRunner(nets, 2)
            .evaluate(params, Fixtures.tiled(x), Fixtures.ids(5), List.of((t, v) -> {}, (t, v) -> {},
                (t, v) -> {}));
    // the layer spikes, and the synapses filter its spikes differently
    assertTrue(!java.util.Arrays.equals(readouts[0], readouts[2]), "the taus must matter");
    assertSameAsAlone(nets, params, 2, Fixtures.tiled(x), Fixtures.ids(5));
    // an input that changes every step: the shared layers run at every step too
    assertSameAsAlone(nets, params, 2, Fixtures.perStep(x), Fixtures.ids(5));
  }

  @Test
  void pointsThatDifferOnlyInTheirSynapseShareTheReadoutProductOfTheSpikes() {
    List<Network> nets = new ArrayList<>();
    List<ParameterSet> params = new ArrayList<>();
    ParameterSet base = synapseAxis(Readout.MEAN_OVER_STEPS, 13, nets, params);
    // a fourth point whose readout weights differ computes its own product
    Network other = compile(spec(4.0, 0.002, 0.001, Readout.MEAN_OVER_STEPS));
    ParameterSet otherParams = weights(other, base);
    otherParams.get("d1/kernel")[5] += 0.5f;
    nets.add(other);
    params.add(otherParams);
    float[][] x = Fixtures.uniform(15, 5, 6, 0, 30);
    SharedPrefixRunner runner = new SharedPrefixRunner(nets, 2);
    assertSameAsAlone(runner, nets, params, Fixtures.tiled(x), Fixtures.ids(5));
    // the synapses (layer 2) moved behind the readout (layer 3): points 1 and 2 filter point 0's
    // products of the spikes; point 3 has other readout weights
    assertEquals(-1, runner.productsLayer(0));
    assertEquals(3, runner.productsLayer(1));
    assertEquals(3, runner.productsLayer(2));
    assertEquals(-1, runner.productsLayer(3));
    assertSameAsAlone(runner, nets, params, Fixtures.perStep(x), Fixtures.ids(5));
  }

  /**
   * conv 8 3×3 → spiking relu (scale 40) → lowpass tau → conv 12 3×3 stride 2 SAME → spiking relu
   * → lowpass tau → flatten → dense 3, on 7×7×2 images, dt 1 ms.
   */
  private static NetworkSpec convSpec(double tau) {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec.Conv2d("c0", 8, 3, 1, LayerSpec.Padding.VALID, true));
    layers.add(new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, 40.0, null));
    layers.add(new LayerSpec.Lowpass("a0_synapse", tau, false, 0));
    layers.add(new LayerSpec.Conv2d("c1", 12, 3, 2, LayerSpec.Padding.SAME, true));
    layers.add(new LayerSpec.Activation("a1", "spiking-relu", Map.of(), true, 40.0, null));
    layers.add(new LayerSpec.Lowpass("a1_synapse", tau, false, 0));
    layers.add(new LayerSpec.Flatten("flat"));
    layers.add(new LayerSpec.Dense("out", 3, true));
    return new NetworkSpec(
        new int[] {7, 7, 2}, layers, 0.001, STEPS, Readout.LAST_STEP, 0.005,
        InitialVoltage.uniform(7));
  }

  @Test
  void convPointsThatDifferOnlyInTheirSynapseShareTheConvolutionOfTheSpikes() {
    List<Network> nets = new ArrayList<>();
    List<ParameterSet> params = new ArrayList<>();
    ParameterSet base = compile(convSpec(0.001)).initParameters(5);
    for (double tau : new double[] {0.001, 0.005, 0.01}) {
      Network n = compile(convSpec(tau));
      nets.add(n);
      params.add(weights(n, base));
    }
    float[][] x = Fixtures.uniform(17, 4, 7 * 7 * 2, 0, 3);
    SharedPrefixRunner runner = new SharedPrefixRunner(nets, 2);
    assertSameAsAlone(runner, nets, params, Fixtures.tiled(x), Fixtures.ids(4));
    // both synapses moved behind the next linear layer: the first behind conv c1 (layer 3),
    // whose product of the shared spikes points 1 and 2 take from point 0
    EvaluationPlan plan = EvaluationPlan.of(nets.get(0), params.get(0));
    assertEquals(3, plan.movedTo(2));
    assertEquals(7, plan.movedTo(5));
    assertEquals(-1, runner.productsLayer(0));
    assertEquals(3, runner.productsLayer(1));
    assertEquals(3, runner.productsLayer(2));
    float[][] readouts =
        runner.evaluate(
            params, Fixtures.tiled(x), Fixtures.ids(4), List.of((t, v) -> {}, (t, v) -> {},
                (t, v) -> {}));
    assertTrue(!java.util.Arrays.equals(readouts[0], readouts[2]), "the taus must matter");
    assertSameAsAlone(runner, nets, params, Fixtures.perStep(x), Fixtures.ids(4));
  }

  @Test
  void pointsThatShareOnlyTheStatelessFirstLayerHoldTheirOwnInputs() {
    Network first = compile(spec(1.0, 0.005, 0.001, Readout.MEAN_OVER_STEPS));
    ParameterSet base = first.initParameters(4);
    List<Network> nets = new ArrayList<>();
    List<ParameterSet> params = new ArrayList<>();
    for (double scale : new double[] {1.0, 10.0, 20.0}) {
      Network n = compile(spec(scale, 0.005, 0.001, Readout.MEAN_OVER_STEPS));
      nets.add(n);
      params.add(weights(n, base));
    }
    assertEquals(1, SharedPrefixRunner.sharedLayers(nets.get(0), params.get(0), nets.get(1), params.get(1)));
    float[][] x = Fixtures.uniform(12, 4, 6, 0, 30);
    assertSameAsAlone(nets, params, 1, Fixtures.tiled(x), Fixtures.ids(4));
    // sharing nothing is allowed too
    assertSameAsAlone(nets, params, 0, Fixtures.tiled(x), Fixtures.ids(4));
  }

  @Test
  void aTreeOfScalesAndSynapsesGivesTheBitsOfEachRunAlone() {
    // as a sweep groups a synapse x scale grid: network 0 runs everything; the other network of
    // its scale takes dense + activation from it; the second scale's first network takes the dense
    // layer from network 0, and its other network dense + activation from that one
    double[][] settings = {{2.0, 0.001}, {2.0, 0.01}, {9.0, 0.001}, {9.0, 0.01}};
    Network first = compile(spec(2.0, 0.001, 0.001, Readout.LAST_STEP));
    ParameterSet base = first.initParameters(8);
    List<Network> nets = new ArrayList<>();
    List<ParameterSet> params = new ArrayList<>();
    for (double[] st : settings) {
      Network n = compile(spec(st[0], st[1], 0.001, Readout.LAST_STEP));
      nets.add(n);
      params.add(weights(n, base));
    }
    int[] parent = {-1, 0, 0, 2};
    int[] shared = {0, 2, 1, 2};
    for (int b = 1; b < 4; b++) {
      assertEquals(
          shared[b],
          SharedPrefixRunner.sharedLayers(
              nets.get(parent[b]), params.get(parent[b]), nets.get(b), params.get(b)));
    }
    float[][] x = Fixtures.uniform(14, 6, 6, 0, 30);
    SharedPrefixRunner runner = new SharedPrefixRunner(nets, parent, shared);
    assertSameAsAlone(runner, nets, params, Fixtures.tiled(x), Fixtures.ids(6));
    assertSameAsAlone(runner, nets, params, Fixtures.perStep(x), Fixtures.ids(6));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SharedPrefixRunner(nets, new int[] {-1, 0, 3, 2}, shared),
        "a parent must come first");
  }

  @Test
  void sharedLayersStopsAtTheFirstDifferenceInSpecOrWeights() {
    Network a = compile(spec(2.0, 0.005, 0.001, Readout.LAST_STEP));
    ParameterSet pa = a.initParameters(5);
    Network same = compile(spec(2.0, 0.005, 0.001, Readout.LAST_STEP));
    assertEquals(4, SharedPrefixRunner.sharedLayers(a, pa, same, weights(same, pa)));
    ParameterSet otherOutput = weights(same, pa);
    otherOutput.get("d1/kernel")[0] += 1f;
    assertEquals(3, SharedPrefixRunner.sharedLayers(a, pa, same, otherOutput));
    ParameterSet otherInput = weights(same, pa);
    otherInput.get("d0/bias")[1] += 1f;
    assertEquals(0, SharedPrefixRunner.sharedLayers(a, pa, same, otherInput));
    Network otherDt = compile(spec(2.0, 0.005, 0.002, Readout.LAST_STEP));
    assertEquals(0, SharedPrefixRunner.sharedLayers(a, pa, otherDt, weights(otherDt, pa)));
    Network noSynapse = compile(spec(2.0, null, 0.001, Readout.LAST_STEP));
    assertEquals(2, SharedPrefixRunner.sharedLayers(a, pa, noSynapse, weights(noSynapse, pa)));
  }

  @Test
  void networksThatDifferWithinTheSharedLayersAreRefused() {
    Network a = compile(spec(2.0, 0.005, 0.001, Readout.LAST_STEP));
    Network b = compile(spec(3.0, 0.005, 0.001, Readout.LAST_STEP));
    ParameterSet pa = a.initParameters(6);
    SharedPrefixRunner runner = new SharedPrefixRunner(List.of(a, b), 2);
    float[][] x = Fixtures.uniform(13, 2, 6, 0, 30);
    StepListener none = (step, view) -> {};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                runner.evaluate(
                    List.of(pa, weights(b, pa)), Fixtures.tiled(x), Fixtures.ids(2),
                    List.of(none, none)));
    assertTrue(e.getMessage().contains("network 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new SharedPrefixRunner(List.of(a, b), 5));
  }
}
