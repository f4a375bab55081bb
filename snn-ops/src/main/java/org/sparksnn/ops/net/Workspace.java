package org.sparksnn.ops.net;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Preallocated buffers of one runner: float32 INDArrays for GEMM operands, plain arrays for
 * everything else and scratch objects, cached by a key. Each key keeps the buffers of its {@link
 * #SHAPES_PER_KEY} most recently used sizes, so a runner that alternates between a few batch sizes
 * (training batches, an epoch's last and shorter batch, validation batches) allocates each buffer
 * once instead of at every switch: a new buffer is fresh memory, and first touches of fresh pages
 * cost page faults. Copies between the two kinds are one bulk NIO copy each. Not thread-safe.
 */
final class Workspace {
  /** How many sizes each key keeps (the most recently used). */
  static final int SHAPES_PER_KEY = 3;

  private final Map<String, RecentlyUsed<INDArray>> matrices = new HashMap<>();
  private final Map<String, RecentlyUsed<float[]>> floats = new HashMap<>();
  private final Map<String, RecentlyUsed<double[]>> doubles = new HashMap<>();
  private final Map<String, RecentlyUsed<int[]>> ints = new HashMap<>();
  private final Map<String, Object> scratch = new HashMap<>();

  /** A {@code rows × cols} float matrix for {@code key} (contents unspecified). */
  INDArray matrix(String key, int rows, int cols) {
    RecentlyUsed<INDArray> kept = kept(matrices, key);
    INDArray m = kept.take(x -> x.rows() == rows && x.columns() == cols);
    return kept.use(m != null ? m : Nd4j.create(DataType.FLOAT, rows, cols));
  }

  /** A float array of exactly {@code length} for {@code key} (contents unspecified). */
  float[] floats(String key, int length) {
    RecentlyUsed<float[]> kept = kept(floats, key);
    float[] f = kept.take(x -> x.length == length);
    return kept.use(f != null ? f : new float[length]);
  }

  /** A double array of exactly {@code length} for {@code key} (contents unspecified). */
  double[] doubles(String key, int length) {
    RecentlyUsed<double[]> kept = kept(doubles, key);
    double[] d = kept.take(x -> x.length == length);
    return kept.use(d != null ? d : new double[length]);
  }

  /** An int array of exactly {@code length} for {@code key} (contents unspecified). */
  int[] ints(String key, int length) {
    RecentlyUsed<int[]> kept = kept(ints, key);
    int[] i = kept.take(x -> x.length == length);
    return kept.use(i != null ? i : new int[length]);
  }

  /** The objects kept for {@code key}. */
  private static <T> RecentlyUsed<T> kept(Map<String, RecentlyUsed<T>> byKey, String key) {
    return byKey.computeIfAbsent(key, k -> new RecentlyUsed<>());
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
