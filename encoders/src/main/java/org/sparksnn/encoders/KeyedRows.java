package org.sparksnn.encoders;

import org.sparksnn.ops.random.KeyedRandom;

/**
 * {@link KeyedRandom#uniform(long, long, long, long)} split in two, so that a whole row of draws
 * {@code uniform(seed, id, step, i)} for {@code i = 0, 1, …} costs one mix per input instead of
 * four: {@code uniform(rowKey(seed, id, step), i) == KeyedRandom.uniform(seed, id, step, i)} bit
 * for bit (asserted by {@code KeyedRowsTest} over a million random arguments).
 */
final class KeyedRows {
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private KeyedRows() {}

  /** The state of {@link KeyedRandom#hash} after mixing {@code seed}, {@code a} and {@code b}. */
  static long rowKey(long seed, long a, long b) {
    return KeyedRandom.rowKey(seed, a, b);
  }

  /** The 53 random bits of the draw for key {@code c} of a row, in [0, 2^53). */
  static long bits53(long rowKey, long c) {
    return KeyedRandom.finishHash(rowKey, c) >>> 11;
  }

  /** The uniform draw in [0, 1) for key {@code c} of a row. */
  static double uniform(long rowKey, long c) {
    return bits53(rowKey, c) * DOUBLE_UNIT;
  }

  /** {@code ceil(q·2^53)} clamped to [0, 2^53]: {@code uniform < q} iff {@code bits53 < this}. */
  static long threshold(double q) {
    if (!(q > 0)) {
      return 0;
    }
    return q >= 1 ? 1L << 53 : (long) Math.ceil(q * 0x1.0p53);
  }

  /** 1 if {@code uniform(rowKey, c) < q} for {@code threshold = threshold(q)}, else 0. */
  static int below(long rowKey, long c, long threshold) {
    return (int) ((bits53(rowKey, c) - threshold) >>> 63);
  }
}
