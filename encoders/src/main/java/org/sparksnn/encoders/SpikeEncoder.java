package org.sparksnn.encoders;

import java.io.Serializable;

/**
 * Turns an image's intensities {@code p ∈ [0, 1]} (pixel / 255) into the network input of every
 * time step. Implementations are immutable records; their randomness is a pure function of {@code
 * (seed, recordId, step, input)} through {@link org.sparksnn.ops.random.KeyedRandom}, never a
 * stateful generator, so neither partitioning nor encoding order can change a spike.
 *
 * <p>Equivalent views, any order, any thread: {@link #encode} builds the whole {@link
 * EncodedInput} (for storing: bit-packed spikes, or the intensities once for time-tile); {@link
 * #fillStep} writes one step's input row straight into a network's input buffer (training and
 * evaluation without materializing all steps); {@link #stepSpikes} lists a binary encoding's
 * spiking inputs step by step (event-driven consumers such as the Loihi emulator); {@link #value}
 * is the single element. For every record, step and input they agree exactly.
 *
 * <p>For a training run, call {@link #forEpoch} once per epoch and use the returned encoder for
 * that epoch. Binary encoders reject intensities outside [0, 1] (or NaN) with an {@link
 * IllegalArgumentException} naming the input.
 */
public interface SpikeEncoder extends Serializable {
  /** Time steps per image, &ge; 1. */
  int steps();

  /** True for spike encodings (0/1 per step), false for time-tile (the intensity itself). */
  boolean binary();

  /**
   * The input value of {@code input} with intensity {@code p} at {@code step}: 0 or 1 if {@link
   * #binary}, else the intensity.
   *
   * @param step time step in [0, steps)
   */
  float value(long recordId, int step, int input, float p);

  /**
   * Writes step {@code step}'s input row into {@code out[offset .. offset + intensities.length)}.
   *
   * @param step time step in [0, steps)
   */
  void fillStep(long recordId, float[] intensities, int step, float[] out, int offset);

  /** Encodes all steps of one image. */
  EncodedInput encode(long recordId, float[] intensities);

  /**
   * One image's spikes step by step (binary encoders): the inputs whose {@link #value} is 1 at
   * each step, without building the whole train. This default encodes the train once and reads
   * it; encoders override it where spikes can be drawn per step directly.
   */
  default StepSpikes stepSpikes(long recordId, float[] intensities) {
    EncodedInput train = encode(recordId, intensities);
    if (train instanceof SpikeTrain t) {
      return t::activeInputs;
    }
    return (step, out) -> {
      int k = 0;
      for (int i = 0; i < train.inputs(); i++) {
        if (train.value(step, i) != 0f) {
          out[k++] = i;
        }
      }
      return k;
    };
  }

  /**
   * Expected number of spikes over all steps for intensity {@code p} (binary encoders); for
   * time-tile the summed input {@code p·steps}.
   */
  double expectedSpikes(float p);

  /**
   * The encoder for training epoch {@code epoch}: stochastic encoders redraw with the seed {@code
   * KeyedRandom.derive(seed, epoch)}, except that epoch 0 returns the encoder itself (so encoding
   * once and training one epoch see the same spikes); deterministic encoders return themselves.
   */
  SpikeEncoder forEpoch(int epoch);

  /**
   * The same code over {@code steps} time steps (e.g. a sweep point's presentation time): the same
   * spike probability per step for the stochastic encoders (so {@code rate}'s {@code maxSpikes}
   * scales with the steps, and its first steps draw the same spikes), the same spikes per step on
   * average for {@code regular}, the latency code spread over the new steps, the intensities at
   * every step for time-tile. Returns this encoder when {@code steps} equals {@link #steps()}.
   *
   * @param steps time steps, &ge; 1
   */
  SpikeEncoder withSteps(int steps);
}
