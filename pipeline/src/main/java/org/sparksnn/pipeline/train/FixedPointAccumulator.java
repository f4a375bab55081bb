package org.sparksnn.pipeline.train;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;

/**
 * An exact, order-independent sum of float vectors in 64-bit fixed point.
 *
 * <p>Each value {@code x} becomes the {@code long} {@code round(x · 2^32)} ({@link #SCALE}, {@link
 * #FRACTION_BITS} = 32 fractional bits, so the resolution is {@code 2^-32 ≈ 2.3e-10}); sums of
 * longs are exact and associative, so any order or grouping of the same addends gives the same
 * bits. The representable range of every value <b>and every partial sum</b> is {@code |x| < 2^31 ≈
 * 2.1e9} ({@link #MAX_MAGNITUDE}); a non-finite value, a value out of range, or an overflowing sum
 * throws a {@link SimulationException} naming the element. Values with {@code |x| >= 2^-8} convert
 * without any rounding (a float's 24-bit mantissa then fits in the 32 fractional bits); smaller
 * ones are rounded to the nearest multiple of {@code 2^-32}.
 *
 * <p>Not thread-safe.
 */
public final class FixedPointAccumulator {
  /** Fractional bits of the fixed-point representation. */
  public static final int FRACTION_BITS = 32;

  /** {@code 2^32}: a value {@code x} is stored as {@code round(x · SCALE)}. */
  public static final double SCALE = 0x1p32;

  /** {@code 2^31}: values and sums must have a magnitude strictly below this. */
  public static final double MAX_MAGNITUDE = 0x1p31;

  private final long[] sums;

  /** An accumulator of {@code length} zeros, {@code length >= 0}. */
  public FixedPointAccumulator(int length) {
    Checks.nonNegative("FixedPointAccumulator.length", length);
    this.sums = new long[length];
  }

  /** Number of elements. */
  public int length() {
    return sums.length;
  }

  /** Adds {@code values} (length {@link #length()}) element-wise. */
  public void add(float[] values) {
    checkLength(values.length);
    for (int k = 0; k < values.length; k++) {
      sums[k] = addExact(k, sums[k], toFixed(values[k], k));
    }
  }

  /** Adds already converted fixed-point {@code values} (length {@link #length()}) element-wise. */
  public void addFixed(long[] values) {
    checkLength(values.length);
    for (int k = 0; k < values.length; k++) {
      sums[k] = addExact(k, sums[k], values[k]);
    }
  }

  /** The fixed-point sums (a copy). */
  public long[] sums() {
    return sums.clone();
  }

  /** The sums converted back to float ({@code (float) (sum / SCALE)}). */
  public float[] toFloats() {
    float[] out = new float[sums.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) toDouble(sums[k]);
    }
    return out;
  }

  /**
   * {@code round(value · 2^32)}.
   *
   * @param element index reported in the error message
   * @throws SimulationException if {@code value} is not finite or {@code |value| >= 2^31}
   */
  public static long toFixed(double value, int element) {
    if (!Double.isFinite(value)) {
      throw new SimulationException(
          "FixedPointAccumulator: element " + element + " is not finite, got " + value);
    }
    if (Math.abs(value) >= MAX_MAGNITUDE) {
      throw new SimulationException(
          "FixedPointAccumulator: element "
              + element
              + " must have |x| < 2^31 (fixed point with 32 fractional bits), got "
              + value);
    }
    return Math.round(value * SCALE);
  }

  /** {@code fixed / 2^32} as a double. */
  public static double toDouble(long fixed) {
    return fixed / SCALE;
  }

  /**
   * {@code a + b}.
   *
   * @throws SimulationException naming {@code element} if the sum leaves the range {@code |x| <
   *     2^31}
   */
  public static long addExact(int element, long a, long b) {
    long s;
    try {
      s = Math.addExact(a, b);
    } catch (ArithmeticException e) {
      s = Long.MIN_VALUE; // -2^63 is itself out of range: reported below
    }
    if (s == Long.MIN_VALUE) {
      throw new SimulationException(
          "FixedPointAccumulator: sum of element "
              + element
              + " overflows the fixed-point range |x| < 2^31: "
              + toDouble(a)
              + " + "
              + toDouble(b));
    }
    return s;
  }

  private void checkLength(int n) {
    Checks.check(
        n == sums.length, "FixedPointAccumulator.values.length", "must be " + sums.length, n);
  }
}
