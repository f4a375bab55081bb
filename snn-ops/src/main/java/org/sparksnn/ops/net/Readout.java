package org.sparksnn.ops.net;

/** How the network's output over time becomes one output row per sample (the logits). */
public enum Readout {
  /** The output of the last time step. */
  LAST_STEP,
  /**
   * The output filtered by a lowpass with {@link NetworkSpec#readoutTau()} (no extra delay, initial
   * level 0), read on the last step.
   */
  LOWPASS,
  /** The mean of the outputs over all time steps. */
  MEAN_OVER_STEPS
}
