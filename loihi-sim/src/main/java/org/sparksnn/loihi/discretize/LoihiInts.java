package org.sparksnn.loihi.discretize;

/** Integer constants and arithmetic of the Loihi compartment (nengo-loihi 1.1 values). */
public final class LoihiInts {
  /** Largest threshold mantissa; the threshold is {@code mantissa · 2^VTH_EXP}. */
  public static final int VTH_MAN_MAX = (1 << 17) - 1;
  /** Threshold exponent. */
  public static final int VTH_EXP = 6;
  /** Largest threshold. */
  public static final long VTH_MAX = (long) VTH_MAN_MAX << VTH_EXP;
  /** Largest bias mantissa (magnitude). */
  public static final int BIAS_MAN_MAX = 4095;
  /** Largest bias exponent. */
  public static final int BIAS_EXP_MAX = 7;
  /** Largest bias magnitude. */
  public static final long BIAS_MAX = (long) BIAS_MAN_MAX << BIAS_EXP_MAX;
  /** Bits (without sign) of the per-step synaptic input Q. */
  public static final int Q_BITS = 21;
  /** Bits (without sign) of the compartment current U. */
  public static final int U_BITS = 23;
  /** Bits of a decay constant. */
  public static final int DECAY_BITS = 12;

  private LoihiInts() {}

  /**
   * One integer decay step: {@code sign(x) · ((|x| · (4096 − offset − decay)) >> 12)}; offset 1
   * for the current, 0 for the voltage.
   */
  public static int decayInt(int x, int decay, int offset) {
    long r = (1L << DECAY_BITS) - offset - decay;
    long m = (Math.abs((long) x) * r) >> DECAY_BITS;
    return x < 0 ? (int) -m : (int) m;
  }

  /**
   * Estimated sum of the series of rounded integer decays of {@code x0} (nengo-loihi {@code
   * decay_magnitude}, expected rounding loss 0.494 per step); 1 for no decay memory.
   *
   * @param decay integer decay in [0, 4095]
   * @param x0 initial magnitude, e.g. 2^21
   * @param offset 1 for current decays, 0 for voltage decays
   */
  public static double decayMagnitude(int decay, double x0, int offset) {
    double q = 0.494;
    double r = ((double) ((1 << DECAY_BITS) - offset - decay)) / (1 << DECAY_BITS);
    double n = -Math.log1p(x0 * (1 - r) / q) / Math.log(r);
    double rn = Math.pow(r, n + 1);
    double principal = (1 - rn) / (1 - r);
    double loss = q / ((1 - r) * x0) * (n + 1 - (1 - rn) / (1 - r));
    return principal - loss;
  }

  /**
   * Wraps {@code x} to a signed register of {@code bits} bits plus sign, as the chip overflows
   * (nengo-loihi {@code overflow_signed}).
   */
  public static int wrapSigned(int x, int bits) {
    int smask = 1 << bits;
    int xmask = smask - 1;
    int z = x & smask;
    return (x & xmask) - z;
  }

  /** True if {@code x} is outside {@code [−2^bits, 2^bits)}. */
  public static boolean overflows(int x, int bits) {
    return x < -(1 << bits) || x >= (1 << bits);
  }
}
