package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;

class EvaluationPlanTest {
  private static final int STEPS = 40;

  /**
   * dense 12 → spiking relu (scale 3) → lowpass (tau, level) → [identity rescale] → dense 4, dt 1
   * ms: with the identity rescale (×1 + 0, exact) between them the filter cannot move, which gives
   * the layer-by-layer values of the same network.
   */
  private static NetworkSpec spec(double level, boolean keepInPlace, Readout readout) {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec.Dense("d0", 12, true));
    layers.add(new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, 3.0, null));
    layers.add(new LayerSpec.Lowpass("a0_synapse", 0.01, false, level));
    if (keepInPlace) {
      layers.add(new LayerSpec.Rescale("same", 1.0, 0.0));
    }
    layers.add(new LayerSpec.Dense("d1", 4, true));
    return new NetworkSpec(
        new int[] {6}, layers, 0.001, STEPS, readout, 0.005, InitialVoltage.uniform(7));
  }

  private static Network compile(NetworkSpec spec) {
    return Network.compile(spec, NeuronTypes::create);
  }

  /** Parameters of {@code net} with {@code base}'s values where the names match. */
  private static ParameterSet copyOf(Network net, ParameterSet base) {
    ParameterSet p = net.initParameters(1);
    for (String name : base.names()) {
      if (p.contains(name)) {
        System.arraycopy(base.get(name), 0, p.get(name), 0, base.get(name).length);
      }
    }
    return p;
  }

  /** Every step's readout and every layer's output, as the listener sees them. */
  private static final class Recorder implements StepListener {
    final List<float[]> readouts = new ArrayList<>();
    final List<float[][]> layers = new ArrayList<>();

    @Override
    public void onStep(int step, StepView view) {
      readouts.add(view.readout().clone());
      float[][] outs = new float[view.layers()][];
      for (int i = 0; i < outs.length; i++) {
        outs[i] = view.layerOutput(i).clone();
      }
      layers.add(outs);
    }
  }

  /**
   * Checks that layer 2's synapse moves behind layer 3 in {@code moved} and stays in {@code
   * inPlace}, then evaluates both with {@code p}'s weights on {@code x}: their recorders.
   */
  private static Recorder[] evaluateBoth(
      Network moved, Network inPlace, ParameterSet p, float[][] x) {
    ParameterSet q = copyOf(inPlace, p);
    assertEquals(3, EvaluationPlan.of(moved, p).movedTo(2));
    assertEquals(-1, EvaluationPlan.of(inPlace, q).movedTo(2));
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    new NetworkRunner(moved).evaluate(p, Fixtures.tiled(x), Fixtures.ids(x.length), a);
    new NetworkRunner(inPlace).evaluate(q, Fixtures.tiled(x), Fixtures.ids(x.length), b);
    return new Recorder[] {a, b};
  }

  @Test
  void aSynapseBeforeADenseLayerMovesBehindItWithTheSameValuesUpToRounding() {
    Network moved = compile(spec(0, false, Readout.LAST_STEP));
    Network inPlace = compile(spec(0, true, Readout.LAST_STEP));
    ParameterSet p = moved.initParameters(21);
    // a bias, so that the moved filter's initial level (the bias) matters
    float[] bias = p.get("d1/bias");
    for (int j = 0; j < bias.length; j++) {
      bias[j] = 0.25f * (j - 1.5f);
    }
    Recorder[] ab = evaluateBoth(moved, inPlace, p, Fixtures.uniform(5, 8, 6, 0, 30));
    Recorder a = ab[0];
    Recorder b = ab[1];
    double largest = 0;
    for (int t = 0; t < STEPS; t++) {
      float[] ra = a.readouts.get(t);
      float[] rb = b.readouts.get(t);
      for (int k = 0; k < ra.length; k++) {
        largest = Math.max(largest, Math.abs(rb[k]));
        assertEquals(rb[k], ra[k], 1e-5 * (1 + Math.abs(rb[k])), "step " + t + " output " + k);
      }
      // the moved synapse's own output is its input, the spikes
      assertArrayEquals(a.layers.get(t)[1], a.layers.get(t)[2], "step " + t);
    }
    assertTrue(largest > 1, "the outputs must not be trivially small: " + largest);
    boolean spiked = false;
    for (float[][] outs : a.layers) {
      for (float v : outs[1]) {
        spiked |= v != 0;
      }
    }
    assertTrue(spiked, "the layer must spike");
  }

  /**
   * conv 6 3×3 → spiking relu (scale 30) → lowpass → [identity rescale] → conv 10 3×3 stride 2
   * SAME → flatten → dense 3, on 8×7×2 images.
   */
  private static NetworkSpec convSpec(boolean keepInPlace) {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec.Conv2d("c0", 6, 3, 1, LayerSpec.Padding.VALID, true));
    layers.add(new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, 30.0, null));
    layers.add(new LayerSpec.Lowpass("a0_synapse", 0.01, false, 0));
    if (keepInPlace) {
      layers.add(new LayerSpec.Rescale("same", 1.0, 0.0));
    }
    layers.add(new LayerSpec.Conv2d("c1", 10, 3, 2, LayerSpec.Padding.SAME, true));
    layers.add(new LayerSpec.Flatten("flat"));
    layers.add(new LayerSpec.Dense("d1", 3, true));
    return new NetworkSpec(
        new int[] {8, 7, 2}, layers, 0.001, STEPS, Readout.LAST_STEP, 0.005,
        InitialVoltage.uniform(7));
  }

  @Test
  void aSynapseBeforeAConvolutionMovesBehindItWithTheSameValuesUpToRounding() {
    Network moved = compile(convSpec(false));
    Network inPlace = compile(convSpec(true));
    ParameterSet p = moved.initParameters(23);
    float[] bias = p.get("c1/bias");
    for (int j = 0; j < bias.length; j++) {
      bias[j] = 0.1f * (j - 4);
    }
    Recorder[] ab = evaluateBoth(moved, inPlace, p, Fixtures.uniform(9, 6, 8 * 7 * 2, 0, 4));
    Recorder a = ab[0];
    Recorder b = ab[1];
    double largest = 0;
    for (int t = 0; t < STEPS; t++) {
      // the convolution's filtered output, and the readout
      float[] ca = a.layers.get(t)[3];
      float[] cb = b.layers.get(t)[4];
      for (int k = 0; k < ca.length; k++) {
        largest = Math.max(largest, Math.abs(cb[k]));
        assertEquals(cb[k], ca[k], 1e-4 * (1 + Math.abs(cb[k])), "step " + t + " output " + k);
      }
      float[] ra = a.readouts.get(t);
      float[] rb = b.readouts.get(t);
      for (int k = 0; k < ra.length; k++) {
        assertEquals(rb[k], ra[k], 1e-4 * (1 + Math.abs(rb[k])), "step " + t + " readout " + k);
      }
      assertArrayEquals(a.layers.get(t)[1], a.layers.get(t)[2], "step " + t);
    }
    assertTrue(largest > 1, "the outputs must not be trivially small: " + largest);
  }

  @Test
  void aLastStepReadoutWithoutAListenerRunsTheFilteringLayerAtEveryStep() {
    Network moved = compile(spec(0, false, Readout.LAST_STEP));
    ParameterSet p = moved.initParameters(22);
    float[][] x = Fixtures.uniform(6, 5, 6, 0, 30);
    Recorder r = new Recorder();
    float[] withListener =
        new NetworkRunner(moved).evaluate(p, Fixtures.tiled(x), Fixtures.ids(5), r);
    float[] without =
        new NetworkRunner(moved).evaluate(p, Fixtures.tiled(x), Fixtures.ids(5), null);
    assertArrayEquals(withListener, without);
    assertArrayEquals(r.readouts.get(STEPS - 1), without);
  }

  @Test
  void synapsesThatCannotMoveStayInPlace() {
    // a non-zero initial level
    Network level = compile(spec(0.5, false, Readout.LAST_STEP));
    assertEquals(-1, EvaluationPlan.of(level, level.initParameters(1)).movedTo(2));
    // per-channel taus that differ (a trained tau)
    Network net = compile(spec(0, false, Readout.LAST_STEP));
    ParameterSet p = net.initParameters(1);
    p.get("a0_synapse/tau")[3] = 0.02f;
    assertEquals(-1, EvaluationPlan.of(net, p).movedTo(2));
    // training starts every layer as itself
    assertEquals(-1, EvaluationPlan.layerByLayer(net).movedTo(2));
    Layer.RunContext training =
        new Layer.RunContext(p, Fixtures.ids(2), 2, true, 0.001, new Workspace());
    assertThrows(
        IllegalArgumentException.class,
        () -> ((DenseLayer) net.layers().get(3)).startFiltered(training, 0.9, null));
  }

  @Test
  void theRunsOfAMovedSynapseHaveNoBackwardPass() {
    Network net = compile(spec(0, false, Readout.LAST_STEP));
    ParameterSet p = net.initParameters(3);
    Layer.RunContext eval =
        new Layer.RunContext(p, Fixtures.ids(2), 2, false, 0.001, new Workspace());
    EvaluationPlan plan = EvaluationPlan.of(net, p);
    for (int i : new int[] {2, 3}) {
      Layer.Run run = plan.start(net.layers().get(i), eval);
      UnsupportedOperationException e =
          assertThrows(
              UnsupportedOperationException.class,
              () -> run.backward(null, 1, null, 1, null, null, null));
      assertTrue(e.getMessage().contains(net.layers().get(i).name), e.getMessage());
    }
  }

  @Test
  void aSynapseMovesPastFlattenLayersToTheDenseLayer() {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(new LayerSpec.Activation("a0", "spiking-relu", Map.of(), true, 1.0, null));
    layers.add(new LayerSpec.Lowpass("a0_synapse", 0.005, false, 0));
    layers.add(new LayerSpec.Flatten("flat"));
    layers.add(new LayerSpec.Dense("out", 3, false));
    NetworkSpec s =
        new NetworkSpec(
            new int[] {2, 2, 2},
            layers,
            0.001,
            5,
            Readout.LAST_STEP,
            0.005,
            InitialVoltage.uniform(7));
    Network net = compile(s);
    EvaluationPlan plan = EvaluationPlan.of(net, net.initParameters(2));
    assertEquals(3, plan.movedTo(1));
    assertTrue(plan.stateful(net.layers().get(3)));
    assertFalse(plan.stateful(net.layers().get(2)));
  }

  @Test
  void aSharedSynapseThatMovesInOnlyOnePlanIsRunByTheNetworkItself() {
    Network moved = compile(spec(0, false, Readout.LAST_STEP));
    Network inPlace = compile(spec(0, true, Readout.LAST_STEP));
    ParameterSet p = moved.initParameters(23);
    ParameterSet q = copyOf(inPlace, p);
    // the first three layers are the same, but only the first network moves its synapse
    assertEquals(3, SharedPrefixRunner.sharedLayers(moved, p, inPlace, q));
    EvaluationPlan pm = EvaluationPlan.of(moved, p);
    EvaluationPlan pi = EvaluationPlan.of(inPlace, q);
    assertEquals(2, EvaluationPlan.consistentFrom(pm, pi, 3));
    assertEquals(2, EvaluationPlan.consistentFrom(pi, pm, 3));
    assertEquals(2, EvaluationPlan.consistentFrom(pm, pi, 2));
    assertEquals(3, EvaluationPlan.consistentFrom(pm, pm, 3));
    // together, each network still gives its own values
    float[][] x = Fixtures.uniform(7, 4, 6, 0, 30);
    List<StepListener> none = List.of((t, v) -> {}, (t, v) -> {});
    float[][] together =
        new SharedPrefixRunner(List.of(moved, inPlace), 3)
            .evaluate(List.of(p, q), Fixtures.tiled(x), Fixtures.ids(4), none);
    assertArrayEquals(
        new NetworkRunner(moved).evaluate(p, Fixtures.tiled(x), Fixtures.ids(4), null),
        together[0]);
    assertArrayEquals(
        new NetworkRunner(inPlace).evaluate(q, Fixtures.tiled(x), Fixtures.ids(4), null),
        together[1]);
  }
}
