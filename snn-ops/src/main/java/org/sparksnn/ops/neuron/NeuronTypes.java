package org.sparksnn.ops.neuron;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps neuron type names and parameter maps (as in configs, the CLI's {@code --param} and {@code
 * model.yaml}) to {@link NeuronModel}s, and back. Use {@code NeuronTypes::create} as the network's
 * neuron resolver.
 *
 * <p>Types and their parameters (missing parameters take the default shown):
 *
 * <ul>
 *   <li>{@code relu}, {@code spiking-relu}, {@code loihi-relu}: {@code amplitude} (1)
 *   <li>{@code lif-rate}, {@code loihi-lif}: {@code tauRc} (0.02 s), {@code tauRef} (0.002 s),
 *       {@code amplitude} (1), {@code sigma} (0.01)
 *   <li>{@code lif}: {@code tauRc}, {@code tauRef}, {@code minVoltage} (0), {@code amplitude},
 *       {@code sigma}
 * </ul>
 */
public final class NeuronTypes {
  /** Every type name, in the order of numerics.md. */
  public static final List<String> NAMES =
      List.of("relu", "spiking-relu", "lif-rate", "lif", "loihi-relu", "loihi-lif");

  private static final List<String> RELU_PARAMS = List.of("amplitude");
  private static final List<String> LIF_RATE_PARAMS =
      List.of("tauRc", "tauRef", "amplitude", "sigma");
  private static final List<String> LIF_PARAMS =
      List.of("tauRc", "tauRef", "minVoltage", "amplitude", "sigma");

  private NeuronTypes() {}

  /**
   * The model {@code type} with {@code params} (missing entries take their defaults; a null map
   * means all defaults).
   *
   * @throws IllegalArgumentException for an unknown type (listing the known ones), an unknown
   *     parameter name (listing the accepted ones), a null value or an invalid value (the type's
   *     own check, e.g. {@code "lif.tauRc must be > 0, got -0.02"})
   */
  public static NeuronModel create(String type, Map<String, Double> params) {
    Map<String, Double> p = params == null ? Map.of() : params;
    List<String> accepted = parameterNames(type);
    check(type, p, accepted);
    return switch (type) {
      case "relu" -> new Relu(get(p, "amplitude"));
      case "spiking-relu" -> new SpikingRelu(get(p, "amplitude"));
      case "loihi-relu" -> new LoihiRelu(get(p, "amplitude"));
      case "lif-rate" ->
          new LifRate(get(p, "tauRc"), get(p, "tauRef"), get(p, "amplitude"), get(p, "sigma"));
      case "loihi-lif" ->
          new LoihiLif(get(p, "tauRc"), get(p, "tauRef"), get(p, "amplitude"), get(p, "sigma"));
      case "lif" ->
          new Lif(
              get(p, "tauRc"),
              get(p, "tauRef"),
              get(p, "minVoltage"),
              get(p, "amplitude"),
              get(p, "sigma"));
      default -> throw new IllegalStateException("unhandled neuron type " + type);
    };
  }

  /** The model {@code type} with every parameter at its default. */
  public static NeuronModel create(String type) {
    return create(type, Map.of());
  }

  /**
   * The parameter names {@code type} accepts, in the order of its record components.
   *
   * @throws IllegalArgumentException for an unknown type, listing the known ones
   */
  public static List<String> parameterNames(String type) {
    if (type == null) {
      throw unknownType(null);
    }
    return switch (type) {
      case "relu", "spiking-relu", "loihi-relu" -> RELU_PARAMS;
      case "lif-rate", "loihi-lif" -> LIF_RATE_PARAMS;
      case "lif" -> LIF_PARAMS;
      default -> throw unknownType(type);
    };
  }

  /**
   * The parameters of {@code model} as an ordered map (its record components' order), for writing
   * model files; {@code create(model.typeName(), params(model))} equals {@code model}.
   *
   * @throws IllegalArgumentException for a model that is not one of this package's types
   */
  public static Map<String, Double> params(NeuronModel model) {
    Map<String, Double> p = new LinkedHashMap<>();
    if (model instanceof Relu || model instanceof SpikingRelu || model instanceof LoihiRelu) {
      p.put("amplitude", model.amplitude());
    } else if (model instanceof LifRate m) {
      putLif(p, m.tauRc(), m.tauRef(), m.amplitude(), m.sigma());
    } else if (model instanceof LoihiLif m) {
      putLif(p, m.tauRc(), m.tauRef(), m.amplitude(), m.sigma());
    } else if (model instanceof Lif m) {
      p.put("tauRc", m.tauRc());
      p.put("tauRef", m.tauRef());
      p.put("minVoltage", m.minVoltage());
      p.put("amplitude", m.amplitude());
      p.put("sigma", m.sigma());
    } else {
      throw new IllegalArgumentException(
          "model must be one of " + String.join(", ", NAMES) + ", got " + model);
    }
    return p;
  }

  private static void putLif(
      Map<String, Double> p, double tauRc, double tauRef, double amplitude, double sigma) {
    p.put("tauRc", tauRc);
    p.put("tauRef", tauRef);
    p.put("amplitude", amplitude);
    p.put("sigma", sigma);
  }

  private static double get(Map<String, Double> p, String name) {
    Double v = p.get(name);
    return v != null ? v : defaultValue(name);
  }

  private static double defaultValue(String name) {
    return switch (name) {
      case "tauRc" -> 0.02;
      case "tauRef" -> 0.002;
      case "minVoltage" -> 0.0;
      case "amplitude" -> 1.0;
      case "sigma" -> 0.01;
      default -> throw new IllegalStateException("no default for " + name);
    };
  }

  private static void check(String type, Map<String, Double> params, List<String> accepted) {
    for (Map.Entry<String, Double> e : params.entrySet()) {
      if (!accepted.contains(e.getKey())) {
        throw new IllegalArgumentException(
            type
                + " has no parameter '"
                + e.getKey()
                + "'; accepted: "
                + String.join(", ", accepted));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(type + "." + e.getKey() + " must be set, got null");
      }
    }
  }

  private static IllegalArgumentException unknownType(String type) {
    return new IllegalArgumentException(
        "neuron type must be one of " + String.join(", ", NAMES) + ", got '" + type + "'");
  }
}
