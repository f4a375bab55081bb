package org.sparksnn.ops.neuron;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps neuron type names and parameter maps (as in configs and {@code model.yaml}) to {@link
 * NeuronModel}s, and back. Use {@code NeuronTypes::create} as the network's neuron resolver.
 */
public final class NeuronTypes {
  /** Every type name, in the order of numerics.md. */
  public static final List<String> NAMES =
      List.of("relu", "spiking-relu", "lif-rate", "lif", "loihi-relu", "loihi-lif");

  private NeuronTypes() {}

  /**
   * The model {@code type} with {@code params} (missing ones take their defaults). Unknown types
   * and unknown parameter names fail, listing what is accepted.
   */
  public static NeuronModel create(String type, Map<String, Double> params) {
    Map<String, Double> p = params == null ? Map.of() : params;
    return switch (type) {
      case "relu" -> {
        accept(type, p, "amplitude");
        yield new Relu(p.getOrDefault("amplitude", 1.0));
      }
      case "spiking-relu" -> {
        accept(type, p, "amplitude");
        yield new SpikingRelu(p.getOrDefault("amplitude", 1.0));
      }
      case "lif-rate" -> {
        accept(type, p, "tauRc", "tauRef", "amplitude", "sigma");
        yield new LifRate(
            p.getOrDefault("tauRc", 0.02),
            p.getOrDefault("tauRef", 0.002),
            p.getOrDefault("amplitude", 1.0),
            p.getOrDefault("sigma", 0.01));
      }
      case "lif" -> {
        accept(type, p, "tauRc", "tauRef", "minVoltage", "amplitude", "sigma");
        yield new Lif(
            p.getOrDefault("tauRc", 0.02),
            p.getOrDefault("tauRef", 0.002),
            p.getOrDefault("minVoltage", 0.0),
            p.getOrDefault("amplitude", 1.0),
            p.getOrDefault("sigma", 0.01));
      }
      case "loihi-relu" -> {
        accept(type, p, "amplitude");
        yield new LoihiRelu(p.getOrDefault("amplitude", 1.0));
      }
      case "loihi-lif" -> {
        accept(type, p, "tauRc", "tauRef", "amplitude", "sigma");
        yield new LoihiLif(
            p.getOrDefault("tauRc", 0.02),
            p.getOrDefault("tauRef", 0.002),
            p.getOrDefault("amplitude", 1.0),
            p.getOrDefault("sigma", 0.01));
      }
      default ->
          throw new IllegalArgumentException(
              "neuron type must be one of " + String.join(", ", NAMES) + ", got '" + type + "'");
    };
  }

  /** The parameters of {@code model} as an ordered map (for writing model files). */
  public static Map<String, Double> params(NeuronModel model) {
    Map<String, Double> p = new LinkedHashMap<>();
    if (model instanceof LifRate m) {
      p.put("tauRc", m.tauRc());
      p.put("tauRef", m.tauRef());
      p.put("sigma", m.sigma());
    } else if (model instanceof Lif m) {
      p.put("tauRc", m.tauRc());
      p.put("tauRef", m.tauRef());
      p.put("minVoltage", m.minVoltage());
      p.put("sigma", m.sigma());
    } else if (model instanceof LoihiLif m) {
      p.put("tauRc", m.tauRc());
      p.put("tauRef", m.tauRef());
      p.put("sigma", m.sigma());
    }
    p.put("amplitude", model.amplitude());
    return p;
  }

  private static void accept(String type, Map<String, Double> params, String... names) {
    Set<String> known = new TreeSet<>(List.of(names));
    for (Map.Entry<String, Double> e : params.entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new IllegalArgumentException(
            type + " has no parameter '" + e.getKey() + "'; accepted: " + String.join(", ", known));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(type + "." + e.getKey() + " must be set, got null");
      }
    }
  }
}
