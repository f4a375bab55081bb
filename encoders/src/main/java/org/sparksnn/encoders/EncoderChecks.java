package org.sparksnn.encoders;

/** Argument checks shared by the encoders (messages as {@link org.sparksnn.ops.Checks}). */
final class EncoderChecks {
  private EncoderChecks() {}

  /** Requires {@code 0 <= step < steps}. */
  static void step(String owner, int step, int steps) {
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException(
          owner + ".step must be in [0, " + (steps - 1) + "], got " + step);
    }
  }

  /** Requires every intensity in [0, 1] (NaN fails). */
  static void unitIntensities(String owner, float[] p) {
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0f && p[i] <= 1f)) {
        throw new IllegalArgumentException(
            owner + ".intensities[" + i + "] must be in [0, 1], got " + p[i]);
      }
    }
  }

  /** Requires one intensity in [0, 1] (NaN fails). */
  static void unitIntensity(String owner, int input, float p) {
    if (!(p >= 0f && p <= 1f)) {
      throw new IllegalArgumentException(
          owner + ".intensities[" + input + "] must be in [0, 1], got " + p);
    }
  }

  /** Requires room for {@code n} values at {@code offset} of {@code out}. */
  static void row(String owner, int n, float[] out, int offset) {
    if (offset < 0 || offset > out.length - n) {
      throw new IllegalArgumentException(
          owner
              + ".offset must be in [0, "
              + (out.length - n)
              + "] for "
              + n
              + " inputs into an array of "
              + out.length
              + ", got "
              + offset);
    }
  }
}
