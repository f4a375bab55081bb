package org.sparksnn.pipeline.train.allreduce;

import org.sparksnn.ops.SnnException;

/**
 * The all-reduce mesh failed: a peer did not connect or answer in time, closed its connection,
 * failed authentication, or sent a frame that breaks the protocol. The mesh is closed and unusable
 * afterwards. The message names this rank, the peer and the cause.
 */
public class AllReduceException extends SnnException {
  private static final long serialVersionUID = 1L;

  /** An error with {@code message}. */
  public AllReduceException(String message) {
    super(message);
  }

  /** An error with {@code message} caused by {@code cause}. */
  public AllReduceException(String message, Throwable cause) {
    super(message, cause);
  }
}
