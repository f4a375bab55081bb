package org.sparksnn.loihi.emulator;

/**
 * The per-layer arithmetic of one backend. Call order per run: {@link #reset} once; then per step
 * and stream: {@link #clearInput}, {@link #addRow} for each arriving spike, {@link #update}.
 */
interface LayerKernel {
  /** Layer name. */
  String name();

  /** Number of compartments. */
  int size();

  /** Allocates / zeroes the state of {@code batch} streams. */
  void reset(int batch);

  /** Zeroes the synaptic input accumulator. */
  void clearInput();

  /** Adds the weight row of presynaptic neuron {@code pre} to the input accumulator. */
  void addRow(int pre);

  /**
   * Advances stream {@code stream} by one step with the accumulated input; writes the indices of
   * the compartments that spiked into {@code spiked} (ascending) and returns their number.
   */
  int update(int stream, int step, int[] spiked);

  /** Current u of compartment {@code j} in stream {@code stream} after the last update. */
  double current(int stream, int j);

  /** Voltage v of compartment {@code j} in stream {@code stream} after the last update. */
  double voltage(int stream, int j);

  /** Overflow warnings counted so far (WARN mode). */
  long warnings();
}
