package org.sparksnn.ops;

/**
 * An input file (dataset, model, table) is malformed. The message names the file, the field,
 * the value found and what was expected, e.g. {@code "data/train-images-idx3-ubyte: magic number
 * is 0x00000802, expected 0x00000803 (idx3 unsigned byte images)"}.
 */
public class DataFormatException extends SnnException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
