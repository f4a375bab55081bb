package org.sparksnn.pipeline.sweep;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjDoubleConsumer;
import org.sparksnn.ops.Checks;

/**
 * The per-layer maps of a grid point's settings ({@link SynapseSetting}'s taus, {@link
 * ScaleSetting}'s scales): activation layer name → a number, checked, parsed from a config map
 * and written in an exact, JVM-independent form for the point's hash.
 */
final class PerLayerValues {

  private PerLayerValues() {}

  /**
   * Checks every value of {@code values} with {@code check}, which gets the value's path ({@code
   * owner.perLayer.<layer>}).
   */
  static void checkAll(String owner, Map<String, Double> values, ObjDoubleConsumer<String> check) {
    for (Map.Entry<String, Double> e : values.entrySet()) {
      String path = owner + ".perLayer." + e.getKey();
      Checks.notNull(path, e.getValue());
      check.accept(path, e.getValue());
    }
  }

  /**
   * Parses a config map {@code {layer: number}} found at {@code path}; a value that is not a number
   * is an error "{@code path.layer} must be {@code expected}", and {@code check} validates each
   * number with its path.
   */
  static Map<String, Double> parse(
      String path, Map<?, ?> raw, String expected, ObjDoubleConsumer<String> check) {
    Map<String, Double> values = new TreeMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String key = path + "." + e.getKey();
      if (!(e.getValue() instanceof Number v)) {
        throw new IllegalArgumentException(
            key + " must be " + expected + ", got '" + e.getValue() + "'");
      }
      check.accept(key, v.doubleValue());
      values.put(String.valueOf(e.getKey()), v.doubleValue());
    }
    return values;
  }

  /** {@code layers:name=<double bits in hex>;…} with the names sorted. */
  static String canonical(Map<String, Double> values) {
    StringBuilder sb = new StringBuilder("layers:");
    new TreeMap<>(values).forEach((k, v) -> sb.append(k).append('=').append(hex(v)).append(';'));
    return sb.toString();
  }

  /** A double's exact bits in hex. */
  static String hex(double v) {
    return Long.toHexString(Double.doubleToLongBits(v));
  }
}
