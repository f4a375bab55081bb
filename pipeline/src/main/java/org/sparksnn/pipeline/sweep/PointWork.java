package org.sparksnn.pipeline.sweep;

import java.util.List;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;

/**
 * A rough count of the arithmetic of evaluating one image with a network, layer by layer: a dense
 * layer counts its multiply-adds (inputs × outputs), a conv layer its multiply-adds (outputs ×
 * kernel² × input channels), both as if their input were dense, every other layer one operation
 * per output. A layer before the first stateful one runs once per image, every later layer once
 * per step. Used to compare networks and points (which layers are most of the work, how long a
 * point takes next to another), not to predict seconds.
 */
final class PointWork {
  private PointWork() {}

  /**
   * Each layer's operations for one image over all of the network's steps (a layer before the
   * first stateful one: once; any other: {@code steps} times).
   */
  static double[] perLayer(Network network) {
    List<LayerSpec> layers = network.spec().layers();
    int steps = network.spec().steps();
    int constantUpTo =
        network.firstStatefulLayer() < 0 ? layers.size() : network.firstStatefulLayer();
    double[] work = new double[layers.size()];
    int[] inputShape = network.spec().inputShape();
    int in = network.inputSize();
    int inChannels = inputShape[inputShape.length - 1];
    for (int i = 0; i < layers.size(); i++) {
      int out = network.layerSize(i);
      double ops;
      if (layers.get(i) instanceof LayerSpec.Dense) {
        ops = (double) in * out;
      } else if (layers.get(i) instanceof LayerSpec.Conv2d c) {
        ops = (double) out * c.kernel() * c.kernel() * inChannels;
      } else {
        ops = out;
      }
      work[i] = i < constantUpTo ? ops : ops * steps;
      int[] shape = network.layerShape(i);
      in = out;
      inChannels = shape[shape.length - 1];
    }
    return work;
  }

  /** The sum of {@link #perLayer}: one image's operations over all steps. */
  static double total(Network network) {
    double sum = 0;
    for (double w : perLayer(network)) {
      sum += w;
    }
    return sum;
  }
}
