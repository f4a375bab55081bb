package org.sparksnn.pipeline.sweep;

import java.util.Map;
import java.util.TreeMap;
import org.sparksnn.ops.Checks;

/**
 * The {@code scale_firing_rates} of one grid point: the model's own values, one value for every
 * activation, a value per named activation layer (layers not named keep the model's value), or a
 * target mean rate from which per-layer values are searched before the sweep runs ({@code
 * org.sparksnn.pipeline.loihi.ScaleSearch}; config {@code {targetRate: 200}}, or {@code
 * {targetRate: 200, rateCurve: model}}, see {@link RateCurve}). The neuron then sees
 * {@code s·J} and its output is divided by {@code s}.
 *
 * @param all the scale of every activation, {@code > 0}; null if not global
 * @param perLayer activation layer name → scale ({@code > 0}); empty if not per layer
 * @param targetRate target mean firing rate in Hz ({@code > 0}) still to be resolved into
 *     per-layer scales; null otherwise
 * @param rateCurve with a target rate: whose rate curve the search solves with; null otherwise
 */
public record ScaleSetting(
    Double all, Map<String, Double> perLayer, Double targetRate, RateCurve rateCurve)
    implements java.io.Serializable {

  /**
   * Which rate curve turns a target rate into scales (config {@code rateCurve}).
   *
   * <ul>
   *   <li>{@link #EVALUATED} ({@code evaluated}, the default): the neuron type the point is
   *       evaluated with (e.g. {@code loihi-relu}), so that its mean active rate reaches the
   *       target;
   *   <li>{@link #MODEL} ({@code model}): the model's own neuron types (the rate network), so
   *       that {@code scale = target / mean active rate of the rate network} for relu-type
   *       layers: what the Keras-to-Loihi notebook computes by hand before evaluating with Loihi
   *       neurons, whose staircase then fires below the target.
   * </ul>
   */
  public enum RateCurve {
    EVALUATED,
    MODEL;

    /** The configuration name: {@code evaluated} or {@code model}. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A global or per-layer setting (no target rate). */
  public ScaleSetting(Double all, Map<String, Double> perLayer) {
    this(all, perLayer, null, null);
  }

  public ScaleSetting {
    perLayer = perLayer == null ? Map.of() : Map.copyOf(new TreeMap<>(perLayer));
    Checks.check(
        all == null || perLayer.isEmpty(),
        "ScaleSetting",
        "must be global or per layer, not both",
        all + " and " + perLayer);
    if (targetRate != null) {
      Checks.check(all == null && perLayer.isEmpty(), "ScaleSetting.targetRate",
          "excludes explicit scales", all + " / " + perLayer);
      checkScale("ScaleSetting.targetRate", targetRate);
      rateCurve = rateCurve == null ? RateCurve.EVALUATED : rateCurve;
    } else {
      Checks.check(rateCurve == null, "ScaleSetting.rateCurve", "needs a targetRate", rateCurve);
    }
    if (all != null) {
      checkScale("ScaleSetting.all", all);
    }
    PerLayerValues.checkAll("ScaleSetting", perLayer, ScaleSetting::checkScale);
  }

  /** Keep the model's scales. */
  public static ScaleSetting model() {
    return new ScaleSetting(null, Map.of());
  }

  /** Scale {@code s} on every activation layer. */
  public static ScaleSetting global(double s) {
    return new ScaleSetting(s, Map.of());
  }

  /** A scale per named activation layer. */
  public static ScaleSetting perLayer(Map<String, Double> scales) {
    Checks.check(!scales.isEmpty(), "ScaleSetting.perLayer", "must not be empty", scales);
    return new ScaleSetting(null, scales);
  }

  /**
   * Per-layer scales searched so that each layer's mean rate, with the neuron type the point is
   * evaluated with, is {@code hz} (resolved later).
   */
  public static ScaleSetting target(double hz) {
    return target(hz, RateCurve.EVALUATED);
  }

  /** Per-layer scales searched for a mean rate of {@code hz} on {@code curve} (resolved later). */
  public static ScaleSetting target(double hz, RateCurve curve) {
    return new ScaleSetting(null, Map.of(), hz, curve);
  }

  /** True if this is {@link #model()}. */
  public boolean isModel() {
    return all == null && perLayer.isEmpty() && targetRate == null;
  }

  /**
   * Parses a config value: {@code model} (or absent), a number, or a map {@code {layer: s}}; errors
   * name {@code path}.
   */
  public static ScaleSetting parse(String path, Object raw) {
    if (raw == null || "model".equals(raw)) {
      return model();
    }
    if (raw instanceof Number n) {
      checkScale(path, n.doubleValue());
      return global(n.doubleValue());
    }
    if (raw instanceof Map<?, ?> m && m.containsKey("targetRate")) {
      for (Object key : m.keySet()) {
        if (!"targetRate".equals(key) && !"rateCurve".equals(key)) {
          throw new IllegalArgumentException(
              path + "." + key + " is not a key of a target rate (targetRate, rateCurve)");
        }
      }
      if (!(m.get("targetRate") instanceof Number hz)) {
        throw new IllegalArgumentException(
            path + ".targetRate must be a rate in Hz > 0, got '" + m.get("targetRate") + "'");
      }
      checkScale(path + ".targetRate", hz.doubleValue());
      return target(hz.doubleValue(), rateCurve(path + ".rateCurve", m.get("rateCurve")));
    }
    if (raw instanceof Map<?, ?> m && !m.isEmpty()) {
      Map<String, Double> scales =
          PerLayerValues.parse(path, m, "a number > 0", ScaleSetting::checkScale);
      return perLayer(scales);
    }
    throw new IllegalArgumentException(
        path
            + " must be model, a number > 0, a map {activation layer: scale} or {targetRate: Hz},"
            + " got '"
            + raw
            + "'");
  }

  private static RateCurve rateCurve(String path, Object raw) {
    if (raw == null) {
      return RateCurve.EVALUATED;
    }
    for (RateCurve c : RateCurve.values()) {
      if (c.configName().equals(raw)) {
        return c;
      }
    }
    throw new IllegalArgumentException(path + " must be evaluated or model, got '" + raw + "'");
  }

  private static void checkScale(String path, double s) {
    Checks.positive(path, s);
    Checks.finite(path, s);
  }

  /** A short human-readable form: {@code model}, {@code 10.0} or {@code {act0=5.0}}. */
  public String label() {
    if (isModel()) {
      return "model";
    }
    if (targetRate != null) {
      return "target " + targetRate + " Hz" + (rateCurve == RateCurve.MODEL ? " (model rates)" : "");
    }
    return all != null ? Double.toString(all) : new TreeMap<>(perLayer).toString();
  }

  /** An exact, JVM-independent form for hashing (double bits in hex, names sorted). */
  String canonical() {
    if (isModel()) {
      return "model";
    }
    if (targetRate != null) {
      // the default curve keeps the key it had before the choice existed
      return "target:" + PerLayerValues.hex(targetRate)
          + (rateCurve == RateCurve.MODEL ? ":model" : "");
    }
    if (all != null) {
      return "all:" + PerLayerValues.hex(all);
    }
    return PerLayerValues.canonical(perLayer);
  }
}
