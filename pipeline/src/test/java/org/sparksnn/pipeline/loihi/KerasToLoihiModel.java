package org.sparksnn.pipeline.loihi;

import java.util.List;
import java.util.Map;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.PointNetwork;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SynapseSetting;

/**
 * Test fixture: the network of NengoDL's "Keras to Loihi" notebook as a spark-snn spec (rescale
 * 255 → to-spikes 1×1 conv, 3 filters, no bias → conv0 32 3×3 s2 → conv1 64 3×3 s2 → dense0 100 →
 * dense1 10), Glorot weights with a fixed seed.
 */
final class KerasToLoihiModel {
  private KerasToLoihiModel() {}

  static final NeuronResolver RESOLVER = NeuronTypes::create;

  static NetworkSpec spec(String neuron) {
    return new NetworkSpec(
        new int[] {28, 28, 1},
        List.of(
            new LayerSpec.Rescale("pixels", 255),
            new LayerSpec.Conv2d("to-spikes", 3, 1, 1, LayerSpec.Padding.VALID, false),
            LayerSpec.Activation.of("to-spikes-act", neuron),
            new LayerSpec.Conv2d("conv0", 32, 3, 2, LayerSpec.Padding.VALID, false),
            LayerSpec.Activation.of("act0", neuron),
            new LayerSpec.Conv2d("conv1", 64, 3, 2, LayerSpec.Padding.VALID, false),
            LayerSpec.Activation.of("act1", neuron),
            new LayerSpec.Flatten("flatten"),
            new LayerSpec.Dense("dense0", 100, true),
            LayerSpec.Activation.of("act2", neuron),
            new LayerSpec.Dense("dense1", 10, true)),
        0.001,
        30);
  }

  static ParameterSet weights(NetworkSpec spec, long seed) {
    return Network.compile(spec, RESOLVER).initParameters(seed);
  }

  /** The spec and weights with the notebook's evaluation settings: loihi-relu, synapse, scale. */
  static PointNetwork.Prepared prepared(double synapse, double scale, long seed) {
    NetworkSpec spec = spec("relu");
    GridPoint p = new GridPoint(null, null, null, "loihi-relu", SynapseSetting.lowpass(synapse),
        ScaleSetting.global(scale));
    return PointNetwork.prepare(spec, weights(spec, seed), p, RESOLVER);
  }

  static Map<String, int[]> notebookBlockShapes() {
    return Map.of("conv0", new int[] {16, 16, 4}, "conv1", new int[] {8, 8, 16},
        "dense0", new int[] {50});
  }
}
