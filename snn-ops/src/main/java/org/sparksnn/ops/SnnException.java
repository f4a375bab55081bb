package org.sparksnn.ops;

/**
 * Root of spark-snn's own exceptions: a failure that is not a programming error of the caller
 * (those are {@link IllegalArgumentException}s from {@link Checks}).
 */
public class SnnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SnnException(String message) {
    super(message);
  }

  public SnnException(String message, Throwable cause) {
    super(message, cause);
  }
}
