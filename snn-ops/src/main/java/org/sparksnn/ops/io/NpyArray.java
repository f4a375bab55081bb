package org.sparksnn.ops.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sparksnn.ops.Checks;

/**
 * One numpy array: element type, shape and the C-order little-endian bytes. Immutable (the
 * accessors copy).
 */
public final class NpyArray {
  private final NpyDtype dtype;
  private final int[] shape;
  private final byte[] data;

  NpyArray(NpyDtype dtype, int[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data;
  }

  /** A float32 array of {@code shape} from C-order {@code values}. */
  public static NpyArray ofFloats(int[] shape, float[] values) {
    checkLength(shape, values.length);
    ByteBuffer b = buffer(values.length * 4);
    b.asFloatBuffer().put(values);
    return new NpyArray(NpyDtype.FLOAT32, shape, b.array());
  }

  /** A float64 array. */
  public static NpyArray ofDoubles(int[] shape, double[] values) {
    checkLength(shape, values.length);
    ByteBuffer b = buffer(values.length * 8);
    b.asDoubleBuffer().put(values);
    return new NpyArray(NpyDtype.FLOAT64, shape, b.array());
  }

  /** An int32 array. */
  public static NpyArray ofInts(int[] shape, int[] values) {
    checkLength(shape, values.length);
    ByteBuffer b = buffer(values.length * 4);
    b.asIntBuffer().put(values);
    return new NpyArray(NpyDtype.INT32, shape, b.array());
  }

  /** An int64 array. */
  public static NpyArray ofLongs(int[] shape, long[] values) {
    checkLength(shape, values.length);
    ByteBuffer b = buffer(values.length * 8);
    b.asLongBuffer().put(values);
    return new NpyArray(NpyDtype.INT64, shape, b.array());
  }

  /** The element type. */
  public NpyDtype dtype() {
    return dtype;
  }

  /** The shape ({@code []} for a scalar). */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return data.length / dtype.bytes();
  }

  /**
   * The values as float32 (exact for {@code <f4}, bool and the one- and two-byte integers; float64,
   * int32 and int64 are converted).
   */
  public float[] toFloats() {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[size()];
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().get(out);
      case FLOAT64 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      default -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = longAt(b, i);
        }
      }
    }
    return out;
  }

  /** The values as float64 (exact for every supported type except large int64). */
  public double[] toDoubles() {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (dtype) {
            case FLOAT32 -> b.getFloat(i * 4);
            case FLOAT64 -> b.getDouble(i * 8);
            default -> longAt(b, i);
          };
    }
    return out;
  }

  /** The values as int64 (bool as 0 and 1); fails for floating-point arrays. */
  public long[] toLongs() {
    Checks.check(dtype.integral(), "NpyArray.dtype", "must be integer or bool", dtype);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(b, i);
    }
    return out;
  }

  /** Element {@code i} of an integer or bool array. */
  private long longAt(ByteBuffer b, int i) {
    return switch (dtype) {
      case BOOL -> b.get(i) != 0 ? 1 : 0;
      case INT8 -> b.get(i);
      case UINT8 -> b.get(i) & 0xFF;
      case INT16 -> b.getShort(i * 2);
      case UINT16 -> b.getShort(i * 2) & 0xFFFF;
      case INT32 -> b.getInt(i * 4);
      case INT64 -> b.getLong(i * 8);
      case FLOAT32, FLOAT64 -> throw new IllegalStateException("not an integer type: " + dtype);
    };
  }

  byte[] rawBytes() {
    return data;
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype.descr() + " " + Arrays.toString(shape) + "]";
  }

  private static ByteBuffer buffer(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkLength(int[] shape, int length) {
    long n = 1;
    for (int d : shape) {
      Checks.nonNegative("NpyArray.shape[]", d);
      n *= d;
    }
    Checks.check(
        n == length,
        "NpyArray.values.length",
        "must equal the product of " + Arrays.toString(shape),
        length);
  }
}
