package org.sparksnn.ops.net;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Preallocated buffers of one runner: float32 INDArrays for GEMM operands, plain arrays for
 * everything else and scratch objects, cached by a key and reallocated only when the size changes. Copies between
 * the two kinds are one bulk NIO copy each. Not thread-safe.
 */
final class Workspace {
  private final Map<String, INDArray> matrices = new HashMap<>();
  private final Map<String, float[]> floats = new HashMap<>();
  private final Map<String, double[]> doubles = new HashMap<>();
  private final Map<String, int[]> ints = new HashMap<>();
  private final Map<String, Object> scratch = new HashMap<>();

  /** A {@code rows × cols} float matrix for {@code key} (contents unspecified). */
  INDArray matrix(String key, int rows, int cols) {
    INDArray m = matrices.get(key);
    if (m == null || m.rows() != rows || m.columns() != cols) {
      m = Nd4j.create(DataType.FLOAT, rows, cols);
      matrices.put(key, m);
    }
    return m;
  }

  /** A float array of exactly {@code length} for {@code key} (contents unspecified). */
  float[] floats(String key, int length) {
    float[] f = floats.get(key);
    if (f == null || f.length != length) {
      f = new float[length];
      floats.put(key, f);
    }
    return f;
  }

  /** A double array of exactly {@code length} for {@code key} (contents unspecified). */
  double[] doubles(String key, int length) {
    double[] d = doubles.get(key);
    if (d == null || d.length != length) {
      d = new double[length];
      doubles.put(key, d);
    }
    return d;
  }

  /** An int array of exactly {@code length} for {@code key} (contents unspecified). */
  int[] ints(String key, int length) {
    int[] d = ints.get(key);
    if (d == null || d.length != length) {
      d = new int[length];
      ints.put(key, d);
    }
    return d;
  }

  /**
   * A reusable scratch object of {@code type} for {@code key} (a layer's index buffers, say), made
   * by {@code create} on first use, so that it lives as long as the runner instead of one batch.
   */
  <T> T scratch(String key, Class<T> type, Supplier<T> create) {
    Object o = scratch.get(key);
    if (!type.isInstance(o)) {
      o = create.get();
      scratch.put(key, o);
    }
    return type.cast(o);
  }

  /** Copies {@code src[off .. off+len)} into the start of {@code m}'s buffer. */
  static void put(INDArray m, float[] src, int off, int len) {
    m.data().asNioFloat().put(src, off, len);
  }

  /** Copies the first {@code len} floats of {@code m} into {@code dst[off ..]}. */
  static void get(INDArray m, float[] dst, int off, int len) {
    m.data().asNioFloat().get(dst, off, len);
  }

  /** {@code c = op(a)·op(b)} into the preallocated {@code c} ({@link DirectSgemm}). */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
    DirectSgemm.gemm(a, b, c, transA, transB);
  }
}
