package org.sparksnn.ops.io;

/** The numpy element types spark-snn reads and writes: little-endian only. */
public enum NpyDtype {
  /** {@code <f4}: float32. */
  FLOAT32("<f4", 4),
  /** {@code <f8}: float64. */
  FLOAT64("<f8", 8),
  /** {@code <i4}: int32. */
  INT32("<i4", 4),
  /** {@code <i8}: int64. */
  INT64("<i8", 8);

  private final String descr;
  private final int bytes;

  NpyDtype(String descr, int bytes) {
    this.descr = descr;
    this.bytes = bytes;
  }

  /** The numpy {@code descr} string, e.g. {@code "<f4"}. */
  public String descr() {
    return descr;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The type of a numpy {@code descr}, or null if unsupported. */
  static NpyDtype of(String descr) {
    for (NpyDtype d : values()) {
      if (d.descr.equals(descr)) {
        return d;
      }
    }
    return null;
  }
}
