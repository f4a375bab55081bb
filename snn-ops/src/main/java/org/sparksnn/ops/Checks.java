package org.sparksnn.ops;

/**
 * Argument checks that throw {@link IllegalArgumentException} with messages of the form {@code
 * "<owner>.<field> <constraint>, got <value>"}, e.g. {@code "lif.tauRc must be > 0, got -0.02"}.
 *
 * <p>Each check returns its argument so it can be used inline in record constructors.
 */
public final class Checks {
  private Checks() {}

  /** Requires {@code value > 0} (and not NaN). */
  public static double positive(String name, double value) {
    if (!(value > 0)) {
      throw fail(name, "must be > 0", value);
    }
    return value;
  }

  /** Requires {@code value > 0}. */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw fail(name, "must be > 0", value);
    }
    return value;
  }

  /** Requires {@code value > 0}. */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw fail(name, "must be > 0", value);
    }
    return value;
  }

  /** Requires {@code value >= 0} (and not NaN). */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0)) {
      throw fail(name, "must be >= 0", value);
    }
    return value;
  }

  /** Requires {@code value >= 0}. */
  public static int nonNegative(String name, int value) {
    if (value < 0) {
      throw fail(name, "must be >= 0", value);
    }
    return value;
  }

  /** Requires {@code value <= max} (and not NaN). */
  public static double atMost(String name, double value, double max) {
    if (!(value <= max)) {
      throw fail(name, "must be <= " + max, value);
    }
    return value;
  }

  /** Requires {@code min <= value <= max} (and not NaN). */
  public static double inRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw fail(name, "must be in [" + min + ", " + max + "]", value);
    }
    return value;
  }

  /** Requires {@code min <= value <= max}. */
  public static int inRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw fail(name, "must be in [" + min + ", " + max + "]", value);
    }
    return value;
  }

  /** Requires a finite value (not NaN, not infinite). */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw fail(name, "must be finite", value);
    }
    return value;
  }

  /** Requires a non-null reference. */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set, got null");
    }
    return value;
  }

  /** Requires {@code condition}; otherwise fails with {@code "<name> <constraint>, got <value>"}. */
  public static void check(boolean condition, String name, String constraint, Object value) {
    if (!condition) {
      throw fail(name, constraint, value);
    }
  }

  /**
   * Requires {@code value} to be one of {@code allowed}; otherwise fails with {@code "<name> must
   * be a, b or c, got <value>"}.
   */
  public static String oneOf(String name, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    String list =
        allowed.length == 1
            ? allowed[0]
            : String.join(", ", java.util.Arrays.copyOf(allowed, allowed.length - 1))
                + " or "
                + allowed[allowed.length - 1];
    throw fail(name, "must be " + list, value);
  }

  private static IllegalArgumentException fail(String name, String constraint, Object value) {
    return new IllegalArgumentException(name + " " + constraint + ", got " + value);
  }
}
