package org.sparksnn.ops.io;

/**
 * The numpy element types spark-snn reads and writes: little-endian (or single-byte) only. The one-
 * and two-byte types are read (e.g. 0/1 spikes saved as {@code uint8} or {@code bool}); spark-snn
 * writes only the four- and eight-byte ones.
 */
public enum NpyDtype {
  /** {@code <f4}: float32. */
  FLOAT32("<f4", 4),
  /** {@code <f8}: float64. */
  FLOAT64("<f8", 8),
  /** {@code |b1}: bool, one byte (any non-zero byte is true, read as 1). */
  BOOL("|b1", 1),
  /** {@code |i1}: int8. */
  INT8("|i1", 1),
  /** {@code |u1}: uint8. */
  UINT8("|u1", 1),
  /** {@code <i2}: int16. */
  INT16("<i2", 2),
  /** {@code <u2}: uint16. */
  UINT16("<u2", 2),
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

  /** True for the integer types and bool (the types {@link NpyArray#toLongs()} reads). */
  public boolean integral() {
    return this != FLOAT32 && this != FLOAT64;
  }

  /** The supported {@code descr} strings, e.g. {@code "<f4, <f8, |b1, …, <i8"}. */
  static String supported() {
    StringBuilder sb = new StringBuilder();
    for (NpyDtype d : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(d.descr);
    }
    return sb.toString();
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
