package org.sparksnn.encoders;

import java.io.Serializable;

/**
 * Turns an image's intensities {@code p ∈ [0, 1]} into the network input of every time step.
 * Implementations are immutable records; any randomness is a pure function of {@code (seed,
 * recordId, step, input)}, never a stateful generator, so partitioning and order cannot change a
 * spike.
 *
 * <p>Two ways to use one: {@link #encode} builds the whole {@link EncodedInput} (for storing), and
 * {@link #fillStep} writes one step's input row straight into a network's input buffer (for
 * training and evaluation without materializing all steps).
 */
public interface SpikeEncoder extends Serializable {
  /** Time steps per image, ≥ 1. */
  int steps();

  /** True for spike encodings (0/1 per step), false for time-tile (the intensity itself). */
  boolean binary();

  /** The input value of {@code input} with intensity {@code p} at {@code step} (0/1 if binary). */
  float value(long recordId, int step, int input, float p);

  /** Writes step {@code step}'s inputs into {@code out[offset .. offset + p.length)}. */
  default void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    for (int i = 0; i < p.length; i++) {
      out[offset + i] = value(recordId, step, i, p[i]);
    }
  }

  /** Encodes all steps of one image. */
  default EncodedInput encode(long recordId, float[] p) {
    if (!binary()) {
      return new TiledIntensities(steps(), p);
    }
    SpikeTrain train = SpikeTrain.empty(steps(), p.length);
    for (int t = 0; t < steps(); t++) {
      for (int i = 0; i < p.length; i++) {
        if (value(recordId, t, i, p[i]) != 0f) {
          train.set(t, i);
        }
      }
    }
    return train;
  }

  /** Expected number of spikes over all steps for intensity {@code p} (binary encoders). */
  double expectedSpikes(float p);

  /**
   * The encoder for training epoch {@code epoch}: stochastic encoders redraw every epoch with the
   * seed {@code KeyedRandom.derive(seed, epoch)}; deterministic ones return themselves.
   */
  SpikeEncoder forEpoch(int epoch);
}
