package org.sparksnn.ops;

/**
 * A simulation or training run cannot continue: non-finite values, a register overflow in
 * strict mode, a diverging loss. The message names the layer, the quantity and the value.
 */
public class SimulationException extends SnnException {
  private static final long serialVersionUID = 1L;

  public SimulationException(String message) {
    super(message);
  }

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
