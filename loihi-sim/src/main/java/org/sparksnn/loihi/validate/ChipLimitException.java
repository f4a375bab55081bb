package org.sparksnn.loihi.validate;

import org.sparksnn.ops.SnnException;

/**
 * A layer does not fit the chip, e.g. {@code "layer 'dense0' core 3: synapse bits (1053696) exceed
 * max (1048576); try block_shape (125,)"}.
 */
public class ChipLimitException extends SnnException {
  private static final long serialVersionUID = 1L;

  public ChipLimitException(String message) {
    super(message);
  }
}
