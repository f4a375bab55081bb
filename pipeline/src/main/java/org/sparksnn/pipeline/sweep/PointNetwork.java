package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * Applies a {@link GridPoint}'s settings to a model's network and weights:
 *
 * <ol>
 *   <li>{@code dt} and {@code steps} replace the spec's;
 *   <li>{@code neuron} replaces the neuron type of every activation layer, keeping the layer's
 *       neuron parameters the new type accepts (e.g. {@code amplitude}) and dropping the others;
 *   <li>{@code scale} sets {@code scaleFiringRates} of every (or each named) activation;
 *   <li>{@code synapse}: a global tau applies to every activation whose (swapped) neuron type is
 *       spiking, a per-layer map to the named activations. Directly after each such activation a
 *       non-trainable {@code Lowpass} layer named {@code <activation>_synapse} (initial level 0) is
 *       inserted, or, if the model already has a lowpass layer right there, that layer's tau is
 *       replaced. The filter thus acts on the activation's output before the next layer, which is
 *       what NengoDL's converter does with a synapse on every connection out of a layer (without
 *       nengo's one-step delay). A per-layer map may also name the network's last layer when it is
 *       not an activation (the readout, e.g. the output {@code dense}): a lowpass appended after
 *       it filters the readout, like a nengo output probe with a synapse ({@code
 *       nengo.Probe(out, synapse=0.1)}).
 * </ol>
 *
 * The weights are not modified; inserted or replaced taus appear in the returned parameter set.
 */
public final class PointNetwork {
  private PointNetwork() {}

  /**
   * A network ready to evaluate.
   *
   * @param spec the modified spec
   * @param params its parameters (the model's weights plus synapse taus)
   * @param lowpassReadoutTau with a global synapse, its tau (the extra "lowpass output" accuracy
   *     filters the network output with it); else null
   */
  public record Prepared(NetworkSpec spec, ParameterSet params, Double lowpassReadoutTau)
      implements java.io.Serializable {}

  /**
   * Applies {@code point} to {@code spec} / {@code weights}; neuron types resolve through {@code
   * resolver} (to decide which activations spike). Unknown layer names fail with a message naming
   * the layer and the model's activation layers.
   */
  public static Prepared prepare(
      NetworkSpec spec, ParameterSet weights, GridPoint point, NeuronResolver resolver) {
    Checks.notNull("PointNetwork.spec", spec);
    Checks.notNull("PointNetwork.weights", weights);
    Checks.notNull("PointNetwork.point", point);
    Checks.notNull("PointNetwork.resolver", resolver);
    Checks.check(point.scale().targetRate() == null, "PointNetwork.point.scale",
        "must be resolved from its target rate first (ScaleSearch)", point.scale().label());
    checkActivationNames(spec, point.scale().perLayer().keySet(), "scale");
    String readoutLayer = readoutLayer(spec);
    Set<String> synapseLayers = new HashSet<>(point.synapse().perLayer().keySet());
    Double readoutFilter = readoutLayer == null ? null : synapseLayers.contains(readoutLayer)
        ? point.synapse().perLayer().get(readoutLayer) : null;
    if (readoutFilter != null) {
      synapseLayers.remove(readoutLayer);
    }
    checkActivationNames(spec, synapseLayers, "synapse");
    NetworkSpec s = spec;
    if (point.dt() != null) {
      s = s.withDt(point.dt());
    }
    if (point.steps() != null) {
      s = s.withSteps(point.steps());
    }
    List<LayerSpec> in = s.layers();
    Set<String> names = new HashSet<>();
    in.forEach(l -> names.add(l.name()));
    List<LayerSpec> out = new ArrayList<>();
    Map<String, Double> taus = new LinkedHashMap<>();
    for (int i = 0; i < in.size(); i++) {
      LayerSpec l = in.get(i);
      if (!(l instanceof LayerSpec.Activation a)) {
        if (!(l instanceof LayerSpec.Lowpass lp && taus.containsKey(lp.name()))) {
          out.add(l);
        }
        continue;
      }
      LayerSpec.Activation swapped = swap(a, point);
      out.add(swapped);
      Double tau = synapseTau(swapped, point, resolver);
      if (tau == null) {
        continue;
      }
      if (i + 1 < in.size() && in.get(i + 1) instanceof LayerSpec.Lowpass existing) {
        out.add(existing);
        taus.put(existing.name(), tau);
      } else {
        String name = a.name() + "_synapse";
        for (int k = 2; names.contains(name); k++) {
          name = a.name() + "_synapse" + k;
        }
        names.add(name);
        out.add(new LayerSpec.Lowpass(name, tau, false, 0.0));
        taus.put(name, tau);
      }
    }
    if (readoutFilter != null) {
      String name = readoutLayer + "_synapse";
      for (int k = 2; names.contains(name); k++) {
        name = readoutLayer + "_synapse" + k;
      }
      out.add(new LayerSpec.Lowpass(name, readoutFilter, false, 0.0));
      taus.put(name, readoutFilter);
    }
    NetworkSpec prepared = s.withLayers(out);
    ParameterSet params = parameters(prepared, weights, taus);
    Double readoutTau = point.synapse().tau();
    return new Prepared(prepared, params, readoutTau);
  }

  private static LayerSpec.Activation swap(LayerSpec.Activation a, GridPoint point) {
    String neuron = point.neuron() == null ? a.neuron() : point.neuron();
    Map<String, Double> params = a.params();
    if (point.neuron() != null && NeuronTypes.NAMES.contains(neuron)) {
      List<String> accepted = NeuronTypes.parameterNames(neuron);
      Map<String, Double> kept = new LinkedHashMap<>();
      params.forEach(
          (k, v) -> {
            if (accepted.contains(k)) {
              kept.put(k, v);
            }
          });
      params = kept;
    }
    ScaleSetting sc = point.scale();
    double scale = a.scaleFiringRates();
    if (sc.all() != null) {
      scale = sc.all();
    } else if (sc.perLayer().containsKey(a.name())) {
      scale = sc.perLayer().get(a.name());
    }
    return new LayerSpec.Activation(
        a.name(), neuron, params, a.spikingAwareTraining(), scale, a.regularizer());
  }

  /** The last layer's name when it is not an activation (a readout that can be filtered). */
  private static String readoutLayer(NetworkSpec spec) {
    List<LayerSpec> layers = spec.layers();
    LayerSpec last = layers.get(layers.size() - 1);
    return last instanceof LayerSpec.Activation || last instanceof LayerSpec.Lowpass
        ? null
        : last.name();
  }

  private static Double synapseTau(
      LayerSpec.Activation a, GridPoint point, NeuronResolver resolver) {
    SynapseSetting syn = point.synapse();
    if (syn.tau() != null) {
      boolean spiking;
      try {
        spiking = resolver.resolve(a.neuron(), a.params()).spiking();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer '" + a.name() + "': " + e.getMessage(), e);
      }
      return spiking ? syn.tau() : null;
    }
    return syn.perLayer().get(a.name());
  }

  private static ParameterSet parameters(
      NetworkSpec spec, ParameterSet weights, Map<String, Double> taus) {
    Map<String, int[]> shapes = Network.parameterShapes(spec);
    ParameterSet.Builder b = ParameterSet.builder();
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      String name = e.getKey();
      String layer = Network.layerOf(name);
      if (name.endsWith("/tau") && taus.containsKey(layer)) {
        float[] v = new float[Arrays.stream(e.getValue()).reduce(1, (x, y) -> x * y)];
        Arrays.fill(v, (float) (double) taus.get(layer));
        b.add(name, e.getValue(), v);
      } else if (weights.contains(name)) {
        b.add(name, weights.shape(name), weights.get(name));
      } else {
        throw new IllegalArgumentException(
            "layer '" + layer + "': the model has no parameter '" + name + "'");
      }
    }
    return b.build();
  }

  /**
   * Checks that every name in {@code names} is an activation layer of {@code spec}; the message
   * starts with {@code path}, e.g. {@code "scaleFiringRates[2]: no activation layer 'x' in the
   * model; activation layers: act0, act1"}.
   */
  public static void checkActivationNames(NetworkSpec spec, Set<String> names, String path) {
    checkNames(spec, names, path, false);
  }

  /**
   * Like {@link #checkActivationNames}, but also accepts the readout layer (the last layer when
   * it is not an activation): the names a per-layer synapse may use.
   */
  public static void checkSynapseNames(NetworkSpec spec, Set<String> names, String path) {
    checkNames(spec, names, path, true);
  }

  private static void checkNames(
      NetworkSpec spec, Set<String> names, String path, boolean readoutAllowed) {
    String readout = readoutAllowed ? readoutLayer(spec) : null;
    List<String> acts = new ArrayList<>();
    for (LayerSpec l : spec.layers()) {
      if (l instanceof LayerSpec.Activation) {
        acts.add(l.name());
      }
    }
    for (String n : names) {
      if (!acts.contains(n) && !n.equals(readout)) {
        throw new IllegalArgumentException(
            path
                + ": no activation layer '"
                + n
                + "' in the model; activation layers: "
                + (acts.isEmpty() ? "(none)" : String.join(", ", acts))
                + (readout == null ? "" : "; readout layer: " + readout));
      }
    }
  }
}
