package org.sparksnn.encoders;

/**
 * An image encoded for {@code steps} time steps: binary spikes ({@link SpikeTrain}) or the
 * intensities themselves, tiled virtually over time ({@link TiledIntensities}).
 */
public sealed interface EncodedInput permits SpikeTrain, TiledIntensities {
  /** Time steps. */
  int steps();

  /** Inputs per step. */
  int inputs();

  /** The input value of {@code input} at {@code step}: 0/1 for spikes, the intensity for tiles. */
  float value(int step, int input);

  /** The compact serialized form (see the implementations for the layout). */
  byte[] toBytes();
}
