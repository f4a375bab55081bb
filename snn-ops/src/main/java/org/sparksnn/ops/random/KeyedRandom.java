package org.sparksnn.ops.random;

/**
 * Counter-based random numbers from the SplitMix64 finalizer: {@code uniform(seed, a, b, c)} is
 * a pure function of its four arguments.
 *
 * <p>Used wherever a random draw must not depend on partitioning or ordering: the spike of input
 * {@code i} at step {@code t} of record {@code id} is {@code uniform(seed, id, t, i) < p}; the
 * initial voltage of neuron {@code n} of sample {@code id} is {@code uniform(seed, id, n, 0)}.
 *
 * <pre>
 * Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA 2014.
 * </pre>
 */
public final class KeyedRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private KeyedRandom() {}

  /** The SplitMix64 output function (a bijection on 64-bit values). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A 64-bit hash of a seed and three keys; any change of one argument changes every bit. */
  public static long hash(long seed, long a, long b, long c) {
    return finishHash(rowKey(seed, a, b), c);
  }

  /**
   * The part of {@link #hash} that depends on {@code (seed, a, b)} only, for callers drawing many
   * values of one row (e.g. all inputs of one record and step): {@code hash(seed, a, b, c) ==
   * finishHash(rowKey(seed, a, b), c)}.
   */
  public static long rowKey(long seed, long a, long b) {
    return rowKeyFrom(firstKey(seed, a), b);
  }

  /**
   * The part of {@link #rowKey} that depends on {@code (seed, a)} only, for callers drawing one
   * value per {@code b} (e.g. the initial voltage of every neuron of one sample): {@code
   * rowKey(seed, a, b) == rowKeyFrom(firstKey(seed, a), b)}.
   */
  public static long firstKey(long seed, long a) {
    return mix64(mix64(seed + GOLDEN_GAMMA) + a * GOLDEN_GAMMA + 1);
  }

  /** Completes {@link #rowKey} from a {@link #firstKey} and the second key. */
  public static long rowKeyFrom(long firstKey, long b) {
    return mix64(firstKey + b * GOLDEN_GAMMA + 2);
  }

  /** Completes {@link #hash} from a {@link #rowKey} and the last key. */
  public static long finishHash(long rowKey, long c) {
    return mix64(rowKey + c * GOLDEN_GAMMA + 3);
  }

  /** A seed derived from a parent seed and a key (e.g. an epoch number or a partition id). */
  public static long derive(long seed, long key) {
    return hash(seed, key, 0x5EED, 0);
  }

  /** A uniform double in [0, 1) with 53 random bits, a pure function of its arguments. */
  public static double uniform(long seed, long a, long b, long c) {
    return toUniform(hash(seed, a, b, c));
  }

  /** The uniform double in [0, 1) of a {@link #hash} value (its top 53 bits). */
  public static double toUniform(long hash) {
    return (hash >>> 11) * DOUBLE_UNIT;
  }
}
