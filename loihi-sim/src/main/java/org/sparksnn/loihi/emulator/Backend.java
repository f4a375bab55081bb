package org.sparksnn.loihi.emulator;

/** Which arithmetic the emulator uses. */
public enum Backend {
  /** The chip's integer arithmetic on the discretized network (nengo-loihi "sim"). */
  EMULATOR_FIXED,
  /** float32 arithmetic on the same build without discretization (nengo-loihi "simreal"). */
  EMULATOR_FLOAT
}
