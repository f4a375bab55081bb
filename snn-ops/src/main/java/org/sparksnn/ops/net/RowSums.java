package org.sparksnn.ops.net;

/**
 * Column sums of a row-major float matrix accumulated in double, for per-neuron statistics over a
 * batch (spike counts, rates): the same bits as the plain loop, eight lanes at a time where {@link
 * Simd} allows.
 */
public final class RowSums {
  private RowSums() {}

  /**
   * {@code acc[k] += rows[r·width + k]} (as double) for r = 0 … {@code rowCount} − 1 in that order
   * and k = 0 … {@code width} − 1.
   *
   * @throws IllegalArgumentException if {@code acc} is shorter than {@code width} or {@code rows}
   *     than {@code rowCount·width}
   */
  public static void accumulate(float[] rows, int rowCount, int width, double[] acc) {
    if (acc.length < width || (long) rows.length < (long) rowCount * width) {
      throw new IllegalArgumentException(
          "RowSums: "
              + rowCount
              + " rows of "
              + width
              + " need "
              + (long) rowCount * width
              + " values and a sum of "
              + width
              + ", got "
              + rows.length
              + " and "
              + acc.length);
    }
    for (int r = 0; r < rowCount; r++) {
      int off = r * width;
      int k = Simd.ENABLED ? VectorLoops.addTo(acc, rows, off, width) : 0;
      for (; k < width; k++) {
        acc[k] += rows[off + k];
      }
    }
  }
}
