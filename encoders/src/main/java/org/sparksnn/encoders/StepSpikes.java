package org.sparksnn.encoders;

/**
 * One image's spike train read step by step, without materializing it (see {@link
 * SpikeEncoder#stepSpikes}).
 */
@FunctionalInterface
public interface StepSpikes {
  /**
   * Writes the inputs that spike at {@code step} into {@code out}, ascending, and returns how many
   * there are.
   *
   * @param step time step in [0, steps)
   * @param out room for every input of the image
   */
  int spikes(int step, int[] out);
}
