package org.sparksnn.loihi.emulator;

/** What the integer emulator does when a register overflows. */
public enum Strictness {
  /** Throw a {@link org.sparksnn.ops.SimulationException} naming layer, quantity, value, limit. */
  FAIL,
  /** Wrap the value as the chip does, count a warning and go on. */
  WARN
}
