package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.SharedPrefixRunner;

/**
 * A rough count of the arithmetic of evaluating one image with a network, layer by layer: a dense
 * layer counts its multiply-adds (inputs × outputs), a conv layer its multiply-adds (outputs ×
 * kernel² × input channels), every other layer one operation per output. A layer before the first
 * stateful one runs once per image, every later layer once per step. Given the share of non-zero
 * values in each layer's input ({@link InputDensity}), a linear layer after the first stateful one
 * counts as the event-driven kernels cost: its multiply-adds times {@code density /
 * EVENT_DRIVEN_BREAK_EVEN} (at most all of them), and at least one operation per input (the kernels
 * read every input to find the non-zero ones), and a neuron's step counts {@link
 * #NEURON_STEP_COST} operations. Used to compare networks and points (which layers
 * are most of the work, how long a point takes next to another), not to predict seconds.
 */
final class PointWork {
  /**
   * The input density at which the event-driven kernels cost about what the dense product costs
   * (the convolution's scatter: 0.15, {@code ConvKernels}; a dense layer's: 0.11–0.25, {@code
   * DenseKernels}); above it evaluation takes the dense product.
   */
  static final double EVENT_DRIVEN_BREAK_EVEN = 0.15;

  /**
   * What a neuron's step costs next to one multiply-add of a dense product, when the measured
   * input densities are given: a step reads and writes the neuron's double-precision state, a
   * product's multiply-add streams through the vector units. Fitted to the ten points of
   * keras-to-snn's sweep evaluated one at a time (session 38: with 40, each point's seconds over
   * its work were within 0.92–1.11 of the median for the nine spiking points; with 1, 0.12–1.41).
   */
  static final double NEURON_STEP_COST = 40;

  private PointWork() {}

  /**
   * Each layer's operations for one image over all of the network's steps (a layer before the
   * first stateful one: once; any other: {@code steps} times), every input counted as dense.
   */
  static double[] perLayer(Network network) {
    return perLayer(network, null);
  }

  /**
   * As {@link #perLayer(Network)}, with each layer's input density in {@code [0, 1]} ({@link
   * InputDensity}; null: all dense).
   */
  static double[] perLayer(Network network, double[] inputDensity) {
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
      boolean linear =
          layers.get(i) instanceof LayerSpec.Dense || layers.get(i) instanceof LayerSpec.Conv2d;
      if (linear && inputDensity != null && i >= constantUpTo) {
        ops = Math.max(in, ops * Math.min(1, inputDensity[i] / EVENT_DRIVEN_BREAK_EVEN));
      } else if (inputDensity != null && layers.get(i) instanceof LayerSpec.Activation) {
        ops *= NEURON_STEP_COST;
      }
      work[i] = i < constantUpTo ? ops : ops * steps;
      int[] shape = network.layerShape(i);
      in = out;
      inChannels = shape[shape.length - 1];
    }
    return work;
  }

  /**
   * Each point's estimated work per image, by point index, for the sweep's ETA: its {@link
   * #perLayer(Network, double[])} with the input densities of a pilot run on the first images
   * ({@link InputDensity}; 0.37 s for keras-to-snn's 10 points, 0.10 s for the MLP's 54 on the
   * 2-core VM), less the layers whose work it takes from its group ({@link
   * SharedPrefixRunner#sharedWorkLayers}). A sweep of a single point needs no pilot (work 1).
   *
   * @param input the spike encoder that feeds the points, or null for the time-tiled intensities
   * @param pilot false: every input counted as dense, no pilot run
   */
  static Map<Integer, Double> estimate(
      List<PointGroups.Group> groups,
      List<PointNetwork.Prepared> prepared,
      NeuronResolver resolver,
      SpikeEncoder input,
      EvalImages data,
      boolean pilot) {
    if (groups.size() == 1 && groups.get(0).points().size() == 1) {
      return Map.of(groups.get(0).points().get(0), 1.0);
    }
    Map<Integer, Double> work = new LinkedHashMap<>();
    for (PointGroups.Group group : groups) {
      List<PointEvaluator> evaluators = new ArrayList<>();
      for (int q = 0; q < group.points().size(); q++) {
        PointEvaluator ev =
            new PointEvaluator(prepared.get(group.points().get(q)), resolver, input);
        evaluators.add(ev);
        int taken = 0;
        if (q > 0) {
          PointEvaluator parent = evaluators.get(group.parents().get(q));
          taken =
              SharedPrefixRunner.sharedWorkLayers(
                  parent.network(),
                  parent.prepared().params(),
                  ev.network(),
                  ev.prepared().params(),
                  group.shared().get(q));
        }
        double[] layers =
            perLayer(ev.network(), pilot ? InputDensity.measure(ev, data) : null);
        work.put(group.points().get(q), sum(layers, taken));
      }
    }
    return work;
  }

  /** The sum of {@code work[from..]}. */
  static double sum(double[] work, int from) {
    double sum = 0;
    for (int i = from; i < work.length; i++) {
      sum += work[i];
    }
    return sum;
  }
}
