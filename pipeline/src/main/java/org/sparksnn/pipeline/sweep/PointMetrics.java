package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NeuronResolver;

/**
 * Turns a point's merged {@link PartialResult} into its {@link PointResult}: accuracies, firing
 * statistics and operation counts.
 *
 * <p>Connections of a layer: dense {@code in·units}; conv2d {@code outH·outW·filters·k·k·cin}
 * (every kernel tap, also at padded borders); avg-pool one per input. A layer's input is spikes if
 * the nearest layer before it other than flatten and lowpass is a spiking activation (a synapse
 * filters the spikes where they arrive, as on Loihi, so they still travel as events); then its
 * synaptic ops are the input's spikes × connections / inputs (the mean fan-out), otherwise
 * connections × steps. Lowpass, flatten and activation layers have no synapses.
 */
final class PointMetrics {
  /** Bins of the per-layer firing-rate histograms. */
  static final int HISTOGRAM_BINS = 20;

  private PointMetrics() {}

  static PointResult build(
      GridPoint point,
      String key,
      String modelHash,
      PointNetwork.Prepared prepared,
      NeuronResolver resolver,
      PartialResult partial,
      double seconds) {
    NetworkSpec spec = prepared.spec();
    Network network = Network.compile(spec, resolver);
    long images = partial.images();
    int steps = spec.steps();
    double dt = spec.dt();
    double n = images;
    long[] perStep = partial.correctPerStep();
    double[] accPerStep = new double[perStep.length];
    for (int t = 0; t < perStep.length; t++) {
      accPerStep[t] = perStep[t] / n;
    }
    List<LayerStats> layers = new ArrayList<>();
    Set<String> neurons = new LinkedHashSet<>();
    double[] spikesPerImage = new double[spec.layers().size()];
    int j = 0;
    double neuronUpdates = 0;
    for (int i = 0; i < spec.layers().size(); i++) {
      if (!(spec.layers().get(i) instanceof LayerSpec.Activation a)) {
        continue;
      }
      neurons.add(a.neuron());
      layers.add(layerStats(a, partial, j, images, steps, dt));
      double total = 0;
      for (int k = 0; k < partial.neurons(j); k++) {
        total += partial.spikes(j, k);
      }
      spikesPerImage[i] = total / n;
      neuronUpdates += (double) partial.neurons(j) * steps;
      j++;
    }
    double eventSynops = 0;
    double denseSynops = 0;
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec l = spec.layers().get(i);
      int[] inShape = i == 0 ? spec.inputShape() : network.layerShape(i - 1);
      int inSize = product(inShape);
      double conns = connections(l, inShape, network.layerShape(i));
      if (conns == 0) {
        continue;
      }
      denseSynops += conns * steps;
      int src = i - 1;
      while (src >= 0
          && (spec.layers().get(src) instanceof LayerSpec.Flatten
              || spec.layers().get(src) instanceof LayerSpec.Lowpass)) {
        src--;
      }
      boolean spikingInput =
          src >= 0
              && spec.layers().get(src) instanceof LayerSpec.Activation
              && network.neuron(src).spiking();
      eventSynops += spikingInput ? spikesPerImage[src] * conns / inSize : conns * steps;
    }
    Double lowpass = prepared.lowpassReadoutTau() == null ? null : partial.correctLowpass() / n;
    return new PointResult(
        key,
        point.model(),
        modelHash,
        dt,
        steps,
        String.join("+", neurons),
        point.synapse().label(),
        point.scale().label(),
        images,
        accPerStep[steps - 1],
        partial.correctLast() / n,
        partial.correctMean() / n,
        lowpass,
        accPerStep,
        layers,
        eventSynops,
        denseSynops,
        neuronUpdates,
        seconds,
        partial.taskSeconds(),
        partial.examples());
  }

  private static LayerStats layerStats(
      LayerSpec.Activation a, PartialResult p, int j, long images, int steps, double dt) {
    int size = p.neurons(j);
    double[] rates = new double[size];
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    double activeSum = 0;
    double spikes = 0;
    int active = 0;
    for (int k = 0; k < size; k++) {
      double s = p.spikes(j, k);
      spikes += s;
      rates[k] = s / ((double) images * steps * dt);
      if (rates[k] > 0) {
        active++;
        activeSum += rates[k];
        min = Math.min(min, rates[k]);
      }
      max = Math.max(max, rates[k]);
    }
    double[] edges = new double[HISTOGRAM_BINS + 1];
    double top = max > 0 ? max : 1;
    for (int b = 0; b <= HISTOGRAM_BINS; b++) {
      edges[b] = top * b / HISTOGRAM_BINS;
    }
    long[] counts = new long[HISTOGRAM_BINS];
    for (double r : rates) {
      int b = (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(r / top * HISTOGRAM_BINS));
      counts[Math.max(b, 0)]++;
    }
    return new LayerStats(
        a.name(),
        a.neuron(),
        size,
        active == 0 ? 0 : min,
        active == 0 ? 0 : activeSum / active,
        max,
        (double) active / size,
        spikes / ((double) size * images * steps),
        edges,
        counts);
  }

  private static double connections(LayerSpec l, int[] inShape, int[] outShape) {
    if (l instanceof LayerSpec.Dense d) {
      return (double) product(inShape) * d.units();
    }
    if (l instanceof LayerSpec.Conv2d c) {
      return (double) outShape[0]
          * outShape[1]
          * c.filters()
          * c.kernel()
          * c.kernel()
          * inShape[2];
    }
    if (l instanceof LayerSpec.AvgPool) {
      return product(inShape);
    }
    return 0;
  }

  private static int product(int[] shape) {
    int p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }
}
