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
   * The event-driven path is taken up to this input density plus {@link #SPARSE_DENSITY_ROWS} /
   * rows when the layer has fewer than {@link #WIDE_OUTPUT} outputs. Measured with {@code
   * DenseKernelsBench} (forward product and weight gradient, one thread, 2-core EPYC, JDK 17,
   * OpenBLAS through ND4J): the two paths cost the same at a density of about 0.11–0.13 for
   * 256–1,000 rows (128×10 weights) and about 0.24 for 32 rows, where BLAS pays its fixed costs
   * (calls, copying the weights in and the gradient out) on few rows.
   */
  static final double SPARSE_DENSITY = 0.11;

  /**
   * The same threshold for layers of at least {@link #WIDE_OUTPUT} outputs, whose sums run eight
   * columns at a time in {@link VectorLoops#accumulate}: measured with 784×128 weights, the paths
   * cost the same at a density of about 0.40 for 32 rows, 0.31 for 256 and 0.27 for 1,000
   * (session 18). The threshold is the same with the vector loops switched off, so that the path,
   * and with it the bits, never depends on them; the scalar loops are then about 1.2× slower than
   * BLAS at 256 rows and a density of 0.2.
   */
  static final double WIDE_SPARSE_DENSITY = 0.25;

  /**
   * Outputs from which a layer counts as wide: for the density threshold, and for using {@link
   * VectorLoops#accumulate} (narrower layers, such as 10 outputs, keep the scalar loops).
   */
  static final int WIDE_OUTPUT = 16;

  /** The per-row part of the density threshold: {@code SPARSE_DENSITY + this / rows}. */
  static final double SPARSE_DENSITY_ROWS = 4.0;

  /**
   * In evaluation with the vector loops, a layer of at most {@link VectorLoops#NARROW} outputs
   * with finite weights never takes BLAS: inputs of at most this density take the event-driven
   * path, denser ones {@link #denseNarrow}, which gives the same bits. Measured with {@code
   * DenseKernelsBench 128 10 500 forward} (session 27, 2-core EPYC, vector loops): the two cost
   * the same at a density of about 0.08; the dense loop took 33–34 µs for 500 rows at any
   * density, BLAS (with its copies) 42–53 µs, the event-driven path 24 µs at 0.05 and 53 µs at
   * 0.2.
   */
  static final double NARROW_SPARSE_DENSITY = 0.08;

  /** Products of at most this many multiply-adds use plain loops instead of BLAS. */
  static final long SMALL_PRODUCT = 1L << 17;

  /** Rows sampled (from the start) to estimate the density of an input. */
  static final int SAMPLE_ELEMENTS = 4096;

  private DenseKernels() {}

  /**
   * True if the product of {@code m} ({@code rows × cols}) with a {@code cols × outSize} matrix
   * should take the event-driven path: the non-zero density of its first rows (about {@link
   * #SAMPLE_ELEMENTS} entries, a cheap estimate) is at most {@code SPARSE_DENSITY +
   * SPARSE_DENSITY_ROWS / rows} ({@link #WIDE_SPARSE_DENSITY} instead of {@code SPARSE_DENSITY}
   * for {@code outSize ≥ WIDE_OUTPUT}), or the whole product over those rows' non-zero density has
   * at most {@link #SMALL_PRODUCT} multiply-adds. Only speed depends on the answer, not the
   * result's math (both paths compute {@code m·w}).
   */
  static boolean looksSparse(float[] m, int rows, int cols, int outSize) {
    double density = sampledDensity(m, rows, cols);
    double base = outSize >= WIDE_OUTPUT ? WIDE_SPARSE_DENSITY : SPARSE_DENSITY;
    return density <= base + SPARSE_DENSITY_ROWS / rows
        || density * rows * cols * outSize <= SMALL_PRODUCT;
  }

  /**
   * The share of non-zero entries among the first rows of row-major {@code m [rows × cols]},
   * about {@link #SAMPLE_ELEMENTS} entries (at least one row): a cheap estimate of its density.
   */
  static double sampledDensity(float[] m, int rows, int cols) {
    int sampleRows = Math.min(rows, Math.max(1, SAMPLE_ELEMENTS / cols));
    int n = sampleRows * cols;
    int nz = 0;
    for (int k = 0; k < n; k++) {
      nz += m[k] != 0f ? 1 : 0;
    }
    return (double) nz / n;
  }

  /**
   * True if the weights {@code w} are all finite, so that {@link #denseNarrow} and the
   * event-driven product agree bit for bit.
   */
  static boolean allFinite(float[] w) {
    for (float v : w) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code out[r, :] = Σ_i x[r, i]·w[i, :]} over every input in column order, for a layer of at
   * most {@link VectorLoops#NARROW} outputs, with {@link VectorLoops#denseNarrow} (only where
   * {@link Simd#ENABLED}; {@code out} is overwritten; {@code w} is {@code [in × outSize]}). With
   * finite weights this is {@link #sparseTimesDense}'s result bit for bit: a zero input adds a ±0
   * product, which does not change a sum that starts at +0 (a sum of floats from +0 is never −0
   * in round-to-nearest). For dense inputs: no index to build. (A scalar version of the loop ran
   * 10× slower than BLAS on 500 rows of 128 × 10, session 27, so there is none: without the
   * vector loops, dense inputs take BLAS.)
   */
  static void denseNarrow(
      float[] x, int rows, float[] w, int outSize, float[] out, RowBuffers buffers) {
    int in = w.length / outSize;
    float[][] wr = buffers.split(w, in, outSize, VectorLoops.NARROW);
    float[] acc = buffers.acc(VectorLoops.NARROW);
    VectorLoops.denseNarrow(x, rows, in, wr, out, outSize, acc);
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

    /**
     * Indexes the non-zeros of {@code m[0 .. rows·cols)}, finding them with {@link
     * VectorLoops#nonZeroBits} if {@code vectorLoops} (same index either way).
     */
    void build(float[] m, int rows, int cols, boolean vectorLoops) {
      build(m, 0, rows, cols, vectorLoops);
    }

    /** {@link #build} of the {@code rows × cols} matrix that starts at {@code m[base]}. */
    void build(float[] m, int base, int rows, int cols, boolean vectorLoops) {
      if (rowStart.length < rows + 1) {
        rowStart = new int[rows + 1];
      }
      int nz = 0;
      for (int r = 0; r < rows; r++) {
        rowStart[r] = nz;
        int off = base + r * cols;
        if (column.length < nz + cols) {
          int cap = Math.max(nz + cols, 2 * column.length);
          column = java.util.Arrays.copyOf(column, cap);
          value = java.util.Arrays.copyOf(value, cap);
        }
        int c = 0;
        // 64 columns at a time: a mask of the non-zeros without a branch, then its set bits (one
        // data-dependent branch per 64 columns instead of one per column)
        for (; c + 64 <= cols; c += 64) {
          long bits = vectorLoops ? VectorLoops.nonZeroBits(m, off + c) : nonZeroBits(m, off + c);
          while (bits != 0) {
            int col = c + Long.numberOfTrailingZeros(bits);
            column[nz] = col;
            value[nz] = m[off + col];
            nz++;
            bits &= bits - 1;
          }
        }
        for (; c < cols; c++) {
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

    /** Bit q set iff {@code m[off + q] != 0f}, q in 0..63, without a branch. */
    static long nonZeroBits(float[] m, int off) {
      long bits = 0;
      for (int q = 0; q < 64; q++) {
        bits |= (m[off + q] != 0f ? 1L : 0L) << q;
      }
      return bits;
    }
  }

  /**
   * The non-zeros of a {@link SparseRows} matrix column by column, each column's entries in row
   * order (a counting sort of the row index, which keeps that order). Holds its buffers for reuse.
   */
  static final class SparseColumns {
    int[] columnStart = new int[1];
    int[] row = new int[0];
    float[] value = new float[0];
    private int[] next = new int[0];

    /** Indexes the non-zeros of {@code x}, a matrix of {@code cols} columns, by column. */
    void build(SparseRows x, int cols) {
      if (columnStart.length < cols + 1) {
        columnStart = new int[cols + 1];
        next = new int[cols];
      }
      if (row.length < x.nonZeros) {
        row = new int[x.nonZeros];
        value = new float[x.nonZeros];
      }
      java.util.Arrays.fill(columnStart, 0, cols + 1, 0);
      for (int p = 0; p < x.nonZeros; p++) {
        columnStart[x.column[p] + 1]++;
      }
      for (int c = 0; c < cols; c++) {
        columnStart[c + 1] += columnStart[c];
      }
      System.arraycopy(columnStart, 0, next, 0, cols);
      for (int r = 0; r < x.rows; r++) {
        for (int p = x.rowStart[r]; p < x.rowStart[r + 1]; p++) {
          int q = next[x.column[p]]++;
          row[q] = r;
          value[q] = x.value[p];
        }
      }
    }
  }

  /**
   * Scratch row arrays of a row-major matrix, reused across calls. The event-driven kernels add
   * one row to another; on JDK 17, {@code acc[j] += a·row[j]} over two separate arrays at the same
   * index ran 2–4× faster than the same loop over two offsets into flat arrays
   * (DenseKernelsBench), consistent with C2 vectorizing only the former.
   */
  static final class RowBuffers {
    private float[][] rows = new float[0][];
    private float[][] factorRows = new float[0][];
    private float[] acc = new float[0];
    private final SparseColumns columns = new SparseColumns();

    /**
     * Copies row-major {@code m [n × cols]} into the weight rows (the forward product's), each
     * {@code width} long ({@code ≥ cols}; the columns after {@code cols} are 0).
     */
    float[][] split(float[] m, int n, int cols, int width) {
      rows = copyRows(m, n, cols, width, rows);
      return rows;
    }

    /** Like {@link #split}, into a second set of rows, apart from {@link #split}'s. */
    float[][] splitFactor(float[] m, int n, int cols, int width) {
      factorRows = copyRows(m, n, cols, width, factorRows);
      return factorRows;
    }

    /**
     * {@code m}'s rows copied into {@code into}, or into new rows if {@code into} does not fit;
     * rows {@code width} long, zero after column {@code cols}.
     */
    private static float[][] copyRows(float[] m, int n, int cols, int width, float[][] into) {
      boolean fits = into.length >= n && (n == 0 || into[0].length == width);
      float[][] r = fits ? into : new float[n][width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(m, i * cols, r[i], 0, cols);
        if (width > cols) {
          java.util.Arrays.fill(r[i], cols, width, 0f);
        }
      }
      return r;
    }

    /** A scratch vector of length {@code cols}, contents unspecified. */
    float[] acc(int cols) {
      if (acc.length != cols) {
        acc = new float[cols];
      }
      return acc;
    }
  }

  /**
   * {@code out[r, :] = Σ_i x[r, i]·w[i, :]} over the non-zeros of row r in column order ({@code
   * out} is overwritten; {@code w} is {@code [in × outSize]}).
   */
  static void sparseTimesDense(SparseRows x, float[] w, int outSize, float[] out) {
    sparseTimesDense(x, w, outSize, out, new RowBuffers(), false);
  }

  /**
   * {@link #sparseTimesDense(SparseRows, float[], int, float[])} with reused scratch buffers, its
   * sums done by {@link VectorLoops#accumulate} if {@code vectorLoops} (the same bits either way).
   */
  static void sparseTimesDense(
      SparseRows x, float[] w, int outSize, float[] out, RowBuffers buffers, boolean vectorLoops) {
    boolean narrow = vectorLoops && outSize <= VectorLoops.NARROW;
    int width = narrow ? VectorLoops.NARROW : outSize;
    float[][] wr = buffers.split(w, w.length / outSize, outSize, width);
    float[] acc = buffers.acc(width);
    for (int r = 0; r < x.rows; r++) {
      java.util.Arrays.fill(acc, 0f);
      if (narrow) {
        VectorLoops.accumulateNarrow(acc, x.value, x.column, wr, x.rowStart[r], x.rowStart[r + 1]);
      } else {
        accumulate(
            acc, x.value, x.column, wr, x.rowStart[r], x.rowStart[r + 1], outSize, vectorLoops);
      }
      System.arraycopy(acc, 0, out, r * outSize, outSize);
    }
  }

  /**
   * {@link #accumulate(float[], float[], int[], float[][], int, int, int)}, its leading columns by
   * {@link VectorLoops#accumulate} if {@code vectorLoops}: the same sums in the same order.
   */
  static void accumulate(
      float[] acc,
      float[] factor,
      int[] index,
      float[][] rows,
      int from,
      int to,
      int n,
      boolean vectorLoops) {
    int done =
        vectorLoops && n >= WIDE_OUTPUT
            ? VectorLoops.accumulate(acc, factor, index, rows, from, to, n)
            : 0;
    if (done < n) {
      accumulate(acc, factor, index, rows, from, to, done, n);
    }
  }

  /**
   * {@code acc[j] += factor[p]·rows[index[p]][j]} for {@code p = from … to − 1}, one term after
   * another in {@code p} order, each product and sum rounded to float: the result of the plain
   * loop {@code for p: for j: acc[j] += a·row[j]} bit for bit. Four terms are added per pass over
   * {@code acc} (the same additions in the same order), which loads and stores {@code acc} a
   * quarter as often; C2 vectorizes the pass over {@code j}.
   */
  static void accumulate(
      float[] acc, float[] factor, int[] index, float[][] rows, int from, int to, int n) {
    accumulate(acc, factor, index, rows, from, to, 0, n);
  }

  /**
   * {@link #accumulate(float[], float[], int[], float[][], int, int, int)} on columns {@code j0 …
   * n − 1}.
   */
  private static void accumulate(
      float[] acc, float[] factor, int[] index, float[][] rows, int from, int to, int j0, int n) {
    int p = from;
    for (; p + 3 < to; p += 4) {
      float a0 = factor[p];
      float a1 = factor[p + 1];
      float a2 = factor[p + 2];
      float a3 = factor[p + 3];
      float[] r0 = rows[index[p]];
      float[] r1 = rows[index[p + 1]];
      float[] r2 = rows[index[p + 2]];
      float[] r3 = rows[index[p + 3]];
      for (int j = j0; j < n; j++) {
        acc[j] = (((acc[j] + a0 * r0[j]) + a1 * r1[j]) + a2 * r2[j]) + a3 * r3[j];
      }
    }
    for (; p < to; p++) {
      float a = factor[p];
      float[] row = rows[index[p]];
      for (int j = j0; j < n; j++) {
        acc[j] += a * row[j];
      }
    }
  }

  /**
   * {@code dw = xᵀ·g}: {@code dw[i, :] = Σ_r x[r, i]·g[r, :]} in row order r over the non-zeros
   * ({@code dw [in × outSize]} is overwritten).
   */
  static void sparseTransposeTimesDense(SparseRows x, float[] g, int outSize, float[] dw) {
    sparseTransposeTimesDense(x, g, outSize, dw, new RowBuffers(), false);
  }

  /**
   * {@link #sparseTransposeTimesDense(SparseRows, float[], int, float[])} with reused scratch
   * buffers, its sums done by {@link VectorLoops#accumulate} if {@code vectorLoops} (the same bits
   * either way).
   */
  static void sparseTransposeTimesDense(
      SparseRows x, float[] g, int outSize, float[] dw, RowBuffers buffers, boolean vectorLoops) {
    int in = dw.length / outSize;
    // dw[i, :] sums x[r, i]·g[r, :] over the rows r with a non-zero in column i, in row order:
    // what adding each row's terms to dw row by row gives, accumulated one dw row at a time
    SparseColumns cols = buffers.columns;
    cols.build(x, in);
    boolean narrow = vectorLoops && outSize <= VectorLoops.NARROW;
    int width = narrow ? VectorLoops.NARROW : outSize;
    float[][] gr = buffers.splitFactor(g, x.rows, outSize, width);
    float[] acc = buffers.acc(width);
    for (int i = 0; i < in; i++) {
      java.util.Arrays.fill(acc, 0f);
      int from = cols.columnStart[i];
      int to = cols.columnStart[i + 1];
      if (narrow) {
        VectorLoops.accumulateNarrow(acc, cols.value, cols.row, gr, from, to);
      } else {
        accumulate(acc, cols.value, cols.row, gr, from, to, outSize, vectorLoops);
      }
      System.arraycopy(acc, 0, dw, i * outSize, outSize);
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
