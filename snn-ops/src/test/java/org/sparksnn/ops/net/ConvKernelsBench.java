package org.sparksnn.ops.net;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark (not a test): one convolution's forward pass over a batch of images, by the
 * event-driven {@link ConvKernels#scatter} (count and index of the non-zeros included) against
 * the training path ({@link Conv2dLayer} with a training context: im2col + OpenBLAS), one
 * thread, at input densities from 1 % to 100 %. Prints µs per batch of each and which one an
 * evaluation takes ({@link ConvKernels#scatterLimit}). Shapes: Keras-to-SNN's second
 * convolution (26×26×32 → 64 filters 3×3 stride 2) and its first (28×28×1 → 32 filters 3×3).
 *
 * <p>Run after {@code mvn -o -pl snn-ops test-compile}, with {@code OMP_NUM_THREADS=1}: {@code java
 * --add-modules=jdk.incubator.vector -cp snn-ops/target/test-classes:snn-ops/target/classes:<jobs
 * classpath> org.sparksnn.ops.net.ConvKernelsBench [images]} (bench/conv-kernels.sh).
 */
public final class ConvKernelsBench {
  private ConvKernelsBench() {}

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.println("vector loops: " + Simd.ENABLED + ", images per batch: " + images);
    double[] densities = {0.01, 0.03, 0.1, 0.15, 0.2, 0.3, 0.6, 1.0};
    for (double d : densities) {
      measure("conv1 26x26x32 -> 12x12x64", new int[] {26, 26, 32}, 64, 2, images, d);
    }
    for (double d : new double[] {0.3, 1.0}) {
      measure("conv0 28x28x1 -> 26x26x32", new int[] {28, 28, 1}, 32, 1, images, d);
    }
  }

  private static void measure(
      String label, int[] in, int filters, int stride, int images, double density) {
    int k = 3;
    int oh = (in[0] - k) / stride + 1;
    int ow = (in[1] - k) / stride + 1;
    LayerSpec.Conv2d spec =
        new LayerSpec.Conv2d("c", filters, k, stride, LayerSpec.Padding.VALID, true);
    Conv2dLayer layer = new Conv2dLayer(0, spec, in, new int[] {oh, ow, filters});
    ConvKernels.Geometry g =
        new ConvKernels.Geometry(in[0], in[1], in[2], oh, ow, filters, k, stride, 0, 0);
    ConvKernels.Taps taps = g.taps();
    SplittableRandom rnd = new SplittableRandom(7);
    float[] w = new float[k * k * in[2] * filters];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextDouble(-0.1, 0.1);
    }
    ParameterSet p =
        ParameterSet.builder()
            .add("c/kernel", new int[] {k, k, in[2], filters}, w)
            .add("c/bias", new int[] {filters}, new float[filters])
            .build();
    float[] x = new float[images * g.inSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble() < density ? 1000f : 0f;
    }
    float[] out = new float[images * g.outSize()];
    DenseKernels.SparseRows sparse = new DenseKernels.SparseRows();
    boolean vector = Simd.ENABLED;
    Layer.RunContext training =
        new Layer.RunContext(p, new long[images], images, true, 0.001, new Workspace());
    Layer.Run gemm = layer.start(training);
    int reps = 0;
    double scatterUs = 0;
    double gemmUs = 0;
    // three rounds: the first warms the JIT, the last two are timed
    for (int round = 0; round < 3; round++) {
      reps = (int) Math.max(20, 2e9 / (images * (double) g.outSize() * k * k * in[2] * 10));
      long t0 = System.nanoTime();
      int counted = 0;
      for (int r = 0; r < reps; r++) {
        for (int n = 0; n < images; n++) {
          counted += ConvKernels.nonZeros(x, n * g.inSize(), g.inSize(), vector);
          sparse.build(x, n * g.inSize(), 1, g.inSize(), vector);
          ConvKernels.scatter(g, taps, sparse, 0, w, out, n * g.outSize(), vector);
        }
      }
      long t2 = System.nanoTime();
      if (counted < 0) {
        throw new AssertionError(); // keeps the count
      }
      for (int r = 0; r < reps; r++) {
        gemm.forward(x, 1, out, 1);
      }
      long t3 = System.nanoTime();
      scatterUs = (t2 - t0) / 1e3 / reps;
      gemmUs = (t3 - t2) / 1e3 / reps;
    }
    boolean picksScatter =
        ConvKernels.nonZeros(x, 0, g.inSize(), vector) <= ConvKernels.scatterLimit(g);
    System.out.printf(
        Locale.ROOT,
        "%s density %.2f: scatter %,9.1f us, im2col+gemm %,9.1f us per batch (%.2fx);"
            + " evaluation takes %s%n",
        label,
        density,
        scatterUs,
        gemmUs,
        gemmUs / scatterUs,
        picksScatter ? "the scatter" : "the gemm");
  }
}
