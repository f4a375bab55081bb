package org.sparksnn.encoders;

/**
 * An image encoded for {@code steps} time steps: binary spikes ({@link SpikeTrain}) or the
 * intensities themselves, tiled virtually over time ({@link TiledIntensities}).
 */
public sealed interface EncodedInput permits SpikeTrain, TiledIntensities {
  /** Time steps, &ge; 1. */
  int steps();

  /** Inputs per step, &ge; 1 for spike trains. */
  int inputs();

  /** The input value of {@code input} at {@code step}: 0/1 for spikes, the intensity for tiles. */
  float value(int step, int input);

  /**
   * Writes step {@code step}'s input row into {@code out[offset .. offset + inputs)}; the same
   * values {@link SpikeEncoder#fillStep} writes for the record this was encoded from.
   */
  void fillStep(int step, float[] out, int offset);

  /** The compact serialized form (see the implementations for the layout). */
  byte[] toBytes();
}
