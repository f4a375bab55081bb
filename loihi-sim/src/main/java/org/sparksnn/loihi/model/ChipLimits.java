package org.sparksnn.loihi.model;

import org.sparksnn.ops.Checks;

/**
 * Per-core and per-chip resource limits of Loihi.
 *
 * @param maxCompartments compartments per core; Loihi 1024
 * @param maxInAxons input axons per core; Loihi 4096
 * @param maxOutAxons output axons per core; Loihi 4096
 * @param maxSynapseBits synapse memory per core in bits; Loihi 1,048,576
 * @param coresPerChip neuro cores per chip; Loihi 128
 * @param maxRefractDelay largest refractory delay in steps; Loihi 63
 */
public record ChipLimits(
    int maxCompartments,
    int maxInAxons,
    int maxOutAxons,
    long maxSynapseBits,
    int coresPerChip,
    int maxRefractDelay) {
  public ChipLimits {
    Checks.positive("ChipLimits.maxCompartments", maxCompartments);
    Checks.positive("ChipLimits.maxInAxons", maxInAxons);
    Checks.positive("ChipLimits.maxOutAxons", maxOutAxons);
    Checks.positive("ChipLimits.maxSynapseBits", maxSynapseBits);
    Checks.positive("ChipLimits.coresPerChip", coresPerChip);
    Checks.positive("ChipLimits.maxRefractDelay", maxRefractDelay);
  }

  /** The limits of Intel Loihi 1. */
  public static ChipLimits loihi() {
    return new ChipLimits(1024, 4096, 4096, 1L << 20, 128, 63);
  }

  /**
   * Synapse memory of one input axon's row of {@code targets} dense 8-bit synapses: each chunk of
   * up to 64 targets costs {@code roundup64(chunk·8 + 10)} bits.
   */
  public static long synapseRowBits(int targets) {
    long bits = 0;
    for (int left = targets; left > 0; left -= 64) {
      int chunk = Math.min(64, left);
      bits += roundUp64(chunk * 8L + 10);
    }
    return bits;
  }

  private static long roundUp64(long x) {
    return (x + 63) / 64 * 64;
  }

  /** True if a core with these counts fits every per-core limit. */
  public boolean fits(int compartments, int inAxons, int outAxons, long synapseBits) {
    return compartments <= maxCompartments
        && inAxons <= maxInAxons
        && outAxons <= maxOutAxons
        && synapseBits <= maxSynapseBits;
  }
}
