package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  private final Map<String, List<INDArray>> matrices = new HashMap<>();
  private final Map<String, List<float[]>> floats = new HashMap<>();
  private final Map<String, List<double[]>> doubles = new HashMap<>();
  private final Map<String, List<int[]>> ints = new HashMap<>();
  private final Map<String, Object> scratch = new HashMap<>();

  /** A {@code rows × cols} float matrix for {@code key} (contents unspecified). */
  INDArray matrix(String key, int rows, int cols) {
    List<INDArray> kept = kept(matrices, key);
    for (int i = 0; i < kept.size(); i++) {
      INDArray m = kept.get(i);
      if (m.rows() == rows && m.columns() == cols) {
        return use(kept, i);
      }
    }
    return keep(kept, Nd4j.create(DataType.FLOAT, rows, cols));
  }

  /** A float array of exactly {@code length} for {@code key} (contents unspecified). */
  float[] floats(String key, int length) {
    List<float[]> kept = kept(floats, key);
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).length == length) {
        return use(kept, i);
      }
    }
    return keep(kept, new float[length]);
  }

  /** A double array of exactly {@code length} for {@code key} (contents unspecified). */
  double[] doubles(String key, int length) {
    List<double[]> kept = kept(doubles, key);
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).length == length) {
        return use(kept, i);
      }
    }
    return keep(kept, new double[length]);
  }

  /** An int array of exactly {@code length} for {@code key} (contents unspecified). */
  int[] ints(String key, int length) {
    List<int[]> kept = kept(ints, key);
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).length == length) {
        return use(kept, i);
      }
    }
    return keep(kept, new int[length]);
  }

  /** The buffers kept for {@code key}, the most recently used first. */
  private static <T> List<T> kept(Map<String, List<T>> byKey, String key) {
    List<T> kept = byKey.get(key);
    if (kept == null) {
      kept = new ArrayList<>(SHAPES_PER_KEY);
      byKey.put(key, kept);
    }
    return kept;
  }

  /** Moves buffer {@code i} to the front and returns it. */
  private static <T> T use(List<T> kept, int i) {
    T b = kept.get(i);
    if (i > 0) {
      kept.remove(i);
      kept.add(0, b);
    }
    return b;
  }

  /** Puts a new buffer in front, dropping the least recently used past {@link #SHAPES_PER_KEY}. */
  private static <T> T keep(List<T> kept, T b) {
    if (kept.size() == SHAPES_PER_KEY) {
      kept.remove(SHAPES_PER_KEY - 1);
    }
    kept.add(0, b);
    return b;
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
