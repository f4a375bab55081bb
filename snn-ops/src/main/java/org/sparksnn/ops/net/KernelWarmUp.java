package org.sparksnn.ops.net;

/**
 * Pays a JVM's first-use costs of the vector loops ahead of its first batch: calls each loop of
 * {@link VectorLoops} and {@link ConvVectorLoops} on small made-up inputs (a batch of 4 rows × 128 neurons, some spiking,
 * both firing-rate-scale branches), {@code calls} times. The first call of each Vector API
 * operation in a JVM loads and links its classes (about 200, session 17) while every thread that
 * needs them waits; the calls after it bring the loops to C2, which compiles them with their
 * vectors as machine vectors instead of objects. Alone on one core of the 2-core VM, one call of
 * each loop took 0.1 s, 3,000 calls 0.74 s, and 3,000 more afterwards 7 ms (session 24). Run while
 * Spark starts (the executor plugin of the pipeline module does that), it lets a sweep's or a
 * training run's first tasks find the loops linked and compiled.
 *
 * <p>Changes speed only: the vector loops compute the same bits as the scalar ones beside them,
 * and the warm-up's inputs and outputs are its own. Does nothing where the vector loops are off
 * ({@code -Dsparksnn.simd=false}, no {@code jdk.incubator.vector}, no AVX-512). Safe to run on
 * several threads at once and more than once.
 */
public final class KernelWarmUp {
  /**
   * Calls of each loop by default: three times the 1,000 invocations after which C2 takes a method
   * under the JIT setting of {@code bin/spark-snn} (a fifth of {@code Tier4InvocationThreshold}),
   * so that C2 has each loop in hand well before the warm-up ends.
   */
  public static final int DEFAULT_CALLS = 3000;

  private static final int ROWS = 4;
  private static final int WIDTH = 128;
  private static final int TERMS = 24;

  private KernelWarmUp() {}

  /** True if this JVM uses the vector loops, so that {@link #run} has work to do. */
  public static boolean applies() {
    return Simd.ENABLED;
  }

  /**
   * Calls each vector loop {@code calls} times ({@code ≥ 0}); returns false (and does nothing) if
   * the vector loops are off in this JVM.
   */
  public static boolean run(int calls) {
    if (calls < 0) {
      throw new IllegalArgumentException("KernelWarmUp.calls must be >= 0, got " + calls);
    }
    if (!Simd.ENABLED) {
      return false;
    }
    int n = ROWS * WIDTH;
    float[] current = new float[n];
    float[] sparse = new float[n];
    for (int k = 0; k < n; k++) {
      // currents of -1.5 .. 2.5 (a quarter negative); every fifth input non-zero
      current[k] = ((k * 37) % 64 - 16) / 16f;
      sparse[k] = k % 5 == 0 ? current[k] : 0f;
    }
    double[] drive = new double[n];
    double[] v = new double[n];
    float[] out = new float[n];
    float[] y = new float[n];
    double[] decay = new double[WIDTH];
    double[] keep = new double[WIDTH];
    java.util.Arrays.fill(decay, Math.exp(-0.001 / 0.005));
    java.util.Arrays.fill(keep, 1 - decay[0]);
    float[] factor = new float[TERMS];
    int[] index = new int[TERMS];
    float[][] rows = new float[TERMS][WIDTH];
    for (int p = 0; p < TERMS; p++) {
      factor[p] = (p + 1) / (float) TERMS;
      index[p] = TERMS - 1 - p;
      for (int j = 0; j < WIDTH; j++) {
        rows[p][j] = current[(p * WIDTH + j) % n];
      }
    }
    float[] acc = new float[WIDTH];
    float[][] narrowRows = new float[TERMS][VectorLoops.NARROW];
    float[] narrowTmp = new float[VectorLoops.NARROW];
    for (int p = 0; p < TERMS; p++) {
      System.arraycopy(rows[p], 0, narrowRows[p], 0, VectorLoops.NARROW);
    }
    double[] sums = new double[WIDTH];
    int[] predictions = new int[n / 10];
    for (int c = 0; c < calls; c++) {
      boolean scaled = (c & 1) == 1;
      double scale = scaled ? 10.0 : 1.0;
      double dt = scaled ? 0.001 : 0.1;
      VectorLoops.drive(current, 0, drive, n, dt, scale);
      VectorLoops.spikingReluStep(v, drive, out, 0, n, 1.0, dt, scale, 0f, true);
      VectorLoops.lowpass(y, out, 0, out, 0, n, WIDTH, decay, keep);
      VectorLoops.lowpassUniform(y, out, 0, out, 0, n, decay[0], keep[0]);
      for (int r = 0; r < ROWS; r++) {
        VectorLoops.nonZeroBits(sparse, r * WIDTH);
        VectorLoops.nonZeroBits(out, r * WIDTH);
        VectorLoops.addTo(sums, out, r * WIDTH, WIDTH);
      }
      VectorLoops.accumulate(acc, factor, index, rows, 0, TERMS - (c % 8), WIDTH);
      VectorLoops.accumulateNarrow(acc, factor, index, narrowRows, 0, TERMS - (c % 8));
      VectorLoops.denseNarrow(current, ROWS + 1, TERMS, narrowRows, out, 10, narrowTmp);
      VectorLoops.argmaxRows(out, n / 10, 10, predictions);
      VectorLoops.smoothInDouble(sums, out, WIDTH, decay[0], keep[0]);
      VectorLoops.finitePrefix(acc);
      ConvVectorLoops.addScaled(acc, 0, factor[c % TERMS], rows[c % TERMS], 0, WIDTH);
      if (c % 64 == 63) {
        java.util.Arrays.fill(v, 0.0);
        java.util.Arrays.fill(acc, 0f);
        java.util.Arrays.fill(sums, 0.0);
      }
    }
    return true;
  }
}
