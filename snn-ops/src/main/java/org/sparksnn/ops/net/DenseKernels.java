package org.sparksnn.ops.net;

/**
 * Plain-Java kernels of a dense layer for inputs where a BLAS call does not pay: sparse rows
 * (time-tiled pixel intensities, spikes), accumulated event-driven over the non-zero inputs, and
 * small products where the ND4J call overhead (tens of µs) exceeds the arithmetic. Every kernel
 * computes each output element in a fixed order that depends only on that element's own row, so
 * results do not depend on the batch size. Matrices are row-major float arrays.
 */
final class DenseKernels {
  /**
   * Event-driven path when at most this fraction of the inputs is non-zero (measured on a 2-core
   * EPYC, JDK 17: C2 does not vectorize these loops, so OpenBLAS wins on MNIST pixels at 19%).
   */
  static final double SPARSE_DENSITY = 0.05;

  /** Products of at most this many multiply-adds use plain loops instead of BLAS. */
  static final long SMALL_PRODUCT = 1L << 17;

  /** Rows sampled (from the start) to estimate the density of an input. */
  static final int SAMPLE_ELEMENTS = 4096;

  private DenseKernels() {}

  /**
   * True if the product of {@code m} ({@code rows × cols}) with a {@code cols × outSize} matrix
   * should take the event-driven path: its first rows (about {@link #SAMPLE_ELEMENTS} entries, a
   * cheap estimate) have at most {@link #SPARSE_DENSITY} non-zeros, or the whole product over
   * those rows' non-zero density has at most {@link #SMALL_PRODUCT} multiply-adds. Only speed
   * depends on the answer, not the result's math (both paths compute {@code m·w}).
   */
  static boolean looksSparse(float[] m, int rows, int cols, int outSize) {
    int sampleRows = Math.min(rows, Math.max(1, SAMPLE_ELEMENTS / cols));
    int n = sampleRows * cols;
    int nz = 0;
    for (int k = 0; k < n; k++) {
      nz += m[k] != 0f ? 1 : 0;
    }
    double density = (double) nz / n;
    return density <= SPARSE_DENSITY
        || density * rows * cols * outSize <= SMALL_PRODUCT;
  }

  /**
   * The non-zero entries of a row-major {@code rows × cols} matrix, row by row in column order.
   * Holds its buffers for reuse; {@link #build} refills it.
   */
  static final class SparseRows {
    int rows;
    int nonZeros;
    int[] rowStart = new int[1];
    int[] column = new int[0];
    float[] value = new float[0];

    /** Indexes the non-zeros of {@code m[0 .. rows·cols)}. */
    void build(float[] m, int rows, int cols) {
      if (rowStart.length < rows + 1) {
        rowStart = new int[rows + 1];
      }
      int nz = 0;
      for (int r = 0; r < rows; r++) {
        rowStart[r] = nz;
        int off = r * cols;
        if (column.length < nz + cols) {
          int cap = Math.max(nz + cols, 2 * column.length);
          column = java.util.Arrays.copyOf(column, cap);
          value = java.util.Arrays.copyOf(value, cap);
        }
        for (int c = 0; c < cols; c++) {
          float v = m[off + c];
          if (v != 0f) {
            column[nz] = c;
            value[nz] = v;
            nz++;
          }
        }
      }
      rowStart[rows] = nz;
      this.rows = rows;
      this.nonZeros = nz;
    }
  }

  /**
   * {@code out[r, :] = Σ_i x[r, i]·w[i, :]} over the non-zeros of row r in column order ({@code
   * out} is overwritten; {@code w} is {@code [in × outSize]}).
   */
  static void sparseTimesDense(SparseRows x, float[] w, int outSize, float[] out) {
    for (int r = 0; r < x.rows; r++) {
      int off = r * outSize;
      java.util.Arrays.fill(out, off, off + outSize, 0f);
      for (int p = x.rowStart[r]; p < x.rowStart[r + 1]; p++) {
        float a = x.value[p];
        int wOff = x.column[p] * outSize;
        for (int j = 0; j < outSize; j++) {
          out[off + j] += a * w[wOff + j];
        }
      }
    }
  }

  /**
   * {@code dw = xᵀ·g}: {@code dw[i, :] = Σ_r x[r, i]·g[r, :]} in row order r over the non-zeros
   * ({@code dw [in × outSize]} is overwritten).
   */
  static void sparseTransposeTimesDense(SparseRows x, float[] g, int outSize, float[] dw) {
    java.util.Arrays.fill(dw, 0f);
    for (int r = 0; r < x.rows; r++) {
      int gOff = r * outSize;
      for (int p = x.rowStart[r]; p < x.rowStart[r + 1]; p++) {
        float a = x.value[p];
        int dOff = x.column[p] * outSize;
        for (int j = 0; j < outSize; j++) {
          dw[dOff + j] += a * g[gOff + j];
        }
      }
    }
  }

  /**
   * {@code dx = g·wᵀ}: {@code dx[r, i] = Σ_j g[r, j]·w[i, j]} in order j ({@code g [rows ×
   * outSize]}, {@code w [inSize × outSize]}, {@code dx [rows × inSize]} overwritten).
   */
  static void timesTranspose(float[] g, float[] w, int rows, int inSize, int outSize, float[] dx) {
    for (int r = 0; r < rows; r++) {
      int gOff = r * outSize;
      int xOff = r * inSize;
      for (int i = 0; i < inSize; i++) {
        int wOff = i * outSize;
        float s = 0f;
        for (int j = 0; j < outSize; j++) {
          s += g[gOff + j] * w[wOff + j];
        }
        dx[xOff + i] = s;
      }
    }
  }
}
