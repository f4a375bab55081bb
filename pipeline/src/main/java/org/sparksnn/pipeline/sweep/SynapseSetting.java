package org.sparksnn.pipeline.sweep;

import java.util.Map;
import java.util.TreeMap;
import org.sparksnn.ops.Checks;

/**
 * The synapse of one grid point: none, one lowpass time constant for every spiking activation, or a
 * time constant per named activation layer.
 *
 * <p>A lowpass synapse filters an activation's output: {@link PointNetwork} inserts a {@code
 * Lowpass} layer directly after the activation (or, if the model already has a lowpass there, sets
 * that layer's tau). This equals NengoDL's converter applying the synapse on every connection out
 * of that layer (no extra delay, see numerics.md).
 *
 * @param tau lowpass time constant for all spiking activations, s, {@code >= 0}; null if not global
 * @param perLayer activation layer name → tau (s, {@code >= 0}); empty if not per layer
 */
public record SynapseSetting(Double tau, Map<String, Double> perLayer)
    implements java.io.Serializable {

  public SynapseSetting {
    perLayer = perLayer == null ? Map.of() : Map.copyOf(new TreeMap<>(perLayer));
    Checks.check(
        tau == null || perLayer.isEmpty(),
        "SynapseSetting",
        "must be global or per layer, not both",
        tau + " and " + perLayer);
    if (tau != null) {
      checkTau("SynapseSetting.tau", tau);
    }
    PerLayerValues.checkAll("SynapseSetting", perLayer, SynapseSetting::checkTau);
  }

  /** No synapse (the model's own lowpass layers, if any, are kept). */
  public static SynapseSetting none() {
    return new SynapseSetting(null, Map.of());
  }

  /** A lowpass of {@code tau} seconds after every spiking activation. */
  public static SynapseSetting lowpass(double tau) {
    return new SynapseSetting(tau, Map.of());
  }

  /** A lowpass after each named activation layer, with its own tau in seconds. */
  public static SynapseSetting perLayer(Map<String, Double> taus) {
    Checks.check(!taus.isEmpty(), "SynapseSetting.perLayer", "must not be empty", taus);
    return new SynapseSetting(null, taus);
  }

  /** True if this is {@link #none()}. */
  public boolean isNone() {
    return tau == null && perLayer.isEmpty();
  }

  /**
   * Parses a config value: {@code none} (or absent), a number (tau in s) or a map {@code {layer:
   * tau}}; errors name {@code path}.
   */
  public static SynapseSetting parse(String path, Object raw) {
    if (raw == null || "none".equals(raw)) {
      return none();
    }
    if (raw instanceof Number n) {
      checkTau(path, n.doubleValue());
      return lowpass(n.doubleValue());
    }
    if (raw instanceof Map<?, ?> m && !m.isEmpty()) {
      Map<String, Double> taus =
          PerLayerValues.parse(path, m, "a lowpass tau in s", SynapseSetting::checkTau);
      return perLayer(taus);
    }
    throw new IllegalArgumentException(
        path
            + " must be none, a lowpass tau in s or a map {activation layer: tau}, got '"
            + raw
            + "'");
  }

  private static void checkTau(String path, double tau) {
    Checks.nonNegative(path, tau);
    Checks.finite(path, tau);
  }

  /** A short human-readable form: {@code none}, {@code 0.005} or {@code {act0=0.005}}. */
  public String label() {
    if (isNone()) {
      return "none";
    }
    return tau != null ? Double.toString(tau) : new TreeMap<>(perLayer).toString();
  }

  /** An exact, JVM-independent form for hashing (double bits in hex, names sorted). */
  String canonical() {
    if (isNone()) {
      return "none";
    }
    if (tau != null) {
      return "all:" + PerLayerValues.hex(tau);
    }
    return PerLayerValues.canonical(perLayer);
  }
}
