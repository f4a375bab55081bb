package org.sparksnn.ops.net;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Benchmark (not a test): a dense layer's forward product and weight gradient on a sparse input
 * {@code x [rows × in]}, event-driven ({@link DenseKernels}: index the non-zeros, then row
 * updates; with {@link VectorLoops} where {@link Simd#ENABLED}, and again with scalar loops)
 * against BLAS ({@code Nd4j.gemm} with the copies in and out that {@link DenseLayer} makes), one
 * thread, for the input densities where {@link DenseKernels#SPARSE_DENSITY} must
 * choose. Prints one line per (rows, density): µs per call of each path and their ratio.
 *
 * <p>Run after {@code mvn -o -pl snn-ops test-compile}, with {@code OMP_NUM_THREADS=1}: {@code java
 * -cp snn-ops/target/test-classes:snn-ops/target/classes:<jobs/target/lib/*>
 * org.sparksnn.ops.net.DenseKernelsBench [in out [rows [forward]]]} (with {@code
 * --add-modules=jdk.incubator.vector} for the vector loops). With {@code forward}, only the
 * forward product (evaluation's work), at densities up to 1.
 */
public final class DenseKernelsBench {
  private DenseKernelsBench() {}

  public static void main(String[] args) {
    int in = args.length > 1 ? Integer.parseInt(args[0]) : 784;
    int out = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    boolean forwardOnly = args.length > 3 && args[3].equals("forward");
    double[] densities =
        forwardOnly
            ? new double[] {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0}
            : new double[] {0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 0.8};
    int[] rowCounts = args.length > 2 ? new int[] {Integer.parseInt(args[2])} : new int[] {32, 256};
    for (int rows : rowCounts) {
      for (double d : densities) {
        measure(rows, in, out, d, forwardOnly);
      }
    }
  }

  private static void measure(int rows, int in, int out, double density, boolean forwardOnly) {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = new float[rows * in];
    for (int k = 0; k < x.length; k++) {
      x[k] = r.nextDouble() < density ? (float) r.nextDouble() : 0f;
    }
    float[] w = new float[in * out];
    float[] g = new float[rows * out];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) r.nextDouble(-0.1, 0.1);
    }
    for (int k = 0; k < g.length; k++) {
      g[k] = (float) r.nextDouble(-1, 1);
    }
    float[] z = new float[rows * out];
    float[] dw = new float[in * out];
    DenseKernels.SparseRows sp = new DenseKernels.SparseRows();
    DenseKernels.RowBuffers buffers = new DenseKernels.RowBuffers();
    Workspace ws = new Workspace();
    INDArray xm = ws.matrix("x", rows, in);
    INDArray wm = ws.matrix("w", in, out);
    INDArray zm = ws.matrix("z", rows, out);
    INDArray gm = ws.matrix("g", rows, out);
    INDArray dwm = ws.matrix("dw", in, out);
    int reps = Math.max(20, (int) (2e8 / ((double) rows * in * out)));
    double sparseUs = 0;
    double blasUs = 0;
    double scalarUs = 0;
    for (int round = 0; round < 3; round++) { // the last round counts: JIT warm
      long t0 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        sp.build(x, rows, in, Simd.ENABLED);
        DenseKernels.sparseTimesDense(sp, w, out, z, buffers, Simd.ENABLED);
        if (!forwardOnly) {
          DenseKernels.sparseTransposeTimesDense(sp, g, out, dw, buffers, Simd.ENABLED);
        }
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        Workspace.put(xm, x, 0, rows * in);
        Workspace.put(wm, w, 0, in * out);
        Workspace.gemm(xm, wm, zm, false, false);
        Workspace.get(zm, z, 0, rows * out);
        if (!forwardOnly) {
          Workspace.put(gm, g, 0, rows * out);
          Workspace.gemm(xm, gm, dwm, true, false);
          Workspace.get(dwm, dw, 0, in * out);
        }
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        sp.build(x, rows, in, false);
        DenseKernels.sparseTimesDense(sp, w, out, z, buffers, false);
        if (!forwardOnly) {
          DenseKernels.sparseTransposeTimesDense(sp, g, out, dw, buffers, false);
        }
      }
      long t3 = System.nanoTime();
      sparseUs = (t1 - t0) / 1e3 / reps;
      blasUs = (t2 - t1) / 1e3 / reps;
      scalarUs = (t3 - t2) / 1e3 / reps;
    }
    if (forwardOnly && out <= VectorLoops.NARROW && Simd.ENABLED) {
      // the dense loop evaluation uses for narrow layers
      DenseKernels.RowBuffers denseBuffers = new DenseKernels.RowBuffers();
      float[] zd = new float[rows * out];
      double denseUs = 0;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          DenseKernels.denseNarrow(x, rows, w, out, zd, denseBuffers);
        }
        denseUs = (System.nanoTime() - t0) / 1e3 / reps;
      }
      sp.build(x, rows, in, false);
      DenseKernels.sparseTimesDense(sp, w, out, z, buffers, false);
      System.out.printf(Locale.ROOT, "  dense narrow %.1f us, same bits as event-driven: %b%n",
          denseUs, java.util.Arrays.equals(z, zd));
    }
    System.out.printf(Locale.ROOT,
        "rows %d, %dx%d, density %.2f: event-driven %.1f us, BLAS %.1f us, BLAS/event %.2f;"
            + " event-driven with scalar loops %.1f us%n",
        rows, in, out, density, sparseUs, blasUs, blasUs / sparseUs, scalarUs);
  }
}
