package org.sparksnn.ops.net;

/**
 * Supplies the network input for a batch of samples, one time step at a time.
 *
 * <p>Call order: the network calls {@link #fill} for steps {@code 0 .. steps−1} in increasing order
 * for one batch (for a {@link #timeInvariant()} source only once, with step 0). Implementations
 * must be pure functions of (sample id, step, input index), so partitioning cannot change the
 * input.
 */
public interface InputSource {

  /** Number of inputs per sample (the product of the network's input shape). */
  int size();

  /**
   * True if every step's input equals step 0's (time-tiled intensities): the network then computes
   * the layers before the first stateful layer once per sample, not once per step.
   */
  boolean timeInvariant();

  /**
   * Writes the input of step {@code step} for rows {@code sampleIds} into {@code out[b·size() + i]}
   * ({@code out.length >= sampleIds.length·size()}).
   */
  void fill(long[] sampleIds, int step, float[] out);
}
