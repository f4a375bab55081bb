package org.sparksnn.pipeline.yaml;

import java.util.function.Function;

/**
 * Two config keys whose values do not fit together, thrown by a config record's constructor:
 * {@code encode.encoder.steps (20) must equal model.steps (30)}. {@link TypedYaml} adds where each
 * value came from when the other is from elsewhere: {@code model.steps (30, from --set
 * model.steps=30)}, {@code encode.dt (0.001, the default)}.
 */
public final class KeyConflict extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;
  private final String constraint;
  private final String otherKey;
  private final String otherValue;

  /**
   * A conflict between {@code key} and {@code otherKey}, key paths from the throwing record's
   * level, e.g. {@code ("encode.encoder.steps", 20, "must equal", "model.steps", 30)}.
   */
  public KeyConflict(
      String key, Object value, String constraint, String otherKey, Object otherValue) {
    super(key + " (" + value + ") " + constraint + " " + otherKey + " (" + otherValue + ")");
    this.key = key;
    this.value = String.valueOf(value);
    this.constraint = constraint;
    this.otherKey = otherKey;
    this.otherValue = String.valueOf(otherValue);
  }

  /**
   * The message with the key paths under {@code where} (the record's own path, empty at the top)
   * and {@code note} of each full key path (e.g. {@code ", from --set model.steps=30"}, or empty)
   * after its value.
   */
  String message(String where, Function<String, String> note) {
    String a = where.isEmpty() ? key : where + "." + key;
    String b = where.isEmpty() ? otherKey : where + "." + otherKey;
    return a
        + " ("
        + value
        + note.apply(a)
        + ") "
        + constraint
        + " "
        + b
        + " ("
        + otherValue
        + note.apply(b)
        + ")";
  }
}
