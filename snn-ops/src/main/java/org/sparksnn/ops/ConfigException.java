package org.sparksnn.ops;

/**
 * A configuration file or override is invalid. The message names the file, the key path, the
 * value found and the constraint, e.g. {@code "conf/x.yaml: optimizer.learningRate must be > 0,
 * got -0.001"}.
 */
public class ConfigException extends SnnException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
