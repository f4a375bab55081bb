package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ConvKernels#scatter} gives the values of a convolution computed in double, the same bits
 * with and without the vector loops, and the same bits for an image whatever the other images of
 * its batch.
 */
class ConvKernelsTest {
  private static final int IMAGES = 4;

  /** ih, iw, cin, cout, k, stride, SAME padding? */
  private static ConvKernels.Geometry geometry(
      int ih, int iw, int cin, int cout, int k, int stride, boolean same) {
    int oh = same ? (ih + stride - 1) / stride : (ih - k) / stride + 1;
    int ow = same ? (iw + stride - 1) / stride : (iw - k) / stride + 1;
    int padTop = same ? Math.max((oh - 1) * stride + k - ih, 0) / 2 : 0;
    int padLeft = same ? Math.max((ow - 1) * stride + k - iw, 0) / 2 : 0;
    return new ConvKernels.Geometry(ih, iw, cin, oh, ow, cout, k, stride, padTop, padLeft);
  }

  private static float[] weights(ConvKernels.Geometry g, Random rnd) {
    float[] w = new float[g.k() * g.k() * g.cin() * g.cout()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    return w;
  }

  /** Images with about {@code density} of their inputs non-zero: spikes of 1000, 2000 or −0.5. */
  private static float[] input(ConvKernels.Geometry g, Random rnd, double density) {
    float[] x = new float[IMAGES * g.inSize()];
    for (int i = 0; i < x.length; i++) {
      if (rnd.nextDouble() < density) {
        int kind = rnd.nextInt(3);
        x[i] = kind == 0 ? 1000f : kind == 1 ? 2000f : -0.5f;
      } else {
        x[i] = rnd.nextInt(4) == 0 ? -0f : 0f;
      }
    }
    return x;
  }

  private static float[] scattered(ConvKernels.Geometry g, float[] x, float[] w, boolean vector) {
    DenseKernels.SparseRows sparse = new DenseKernels.SparseRows();
    sparse.build(x, IMAGES, g.inSize(), false);
    float[] out = new float[IMAGES * g.outSize()];
    java.util.Arrays.fill(out, Float.NaN); // every output must be written
    for (int n = 0; n < IMAGES; n++) {
      ConvKernels.scatter(g, g.taps(), sparse, n, w, out, n * g.outSize(), vector);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}x{1}x{2} → {3} filters {4}x{4} stride {5} same={6}, density {7}")
  @CsvSource({
    "26, 26, 32, 64, 3, 2, false, 0.03",
    "26, 26, 32, 64, 3, 2, false, 0.9",
    "28, 28, 1, 32, 3, 1, false, 0.5",
    "9, 10, 3, 12, 3, 1, true, 0.1",
    "9, 10, 3, 5, 3, 2, true, 0.4",
    "7, 6, 2, 16, 5, 3, true, 0.2",
    "8, 8, 4, 8, 1, 1, false, 0.3"
  })
  void scatterGivesTheConvolutionsValuesWithTheSameBitsInBothLoops(
      int ih, int iw, int cin, int cout, int k, int stride, boolean same, double density) {
    ConvKernels.Geometry g = geometry(ih, iw, cin, cout, k, stride, same);
    Random rnd = new Random(31L * ih + cout);
    float[] w = weights(g, rnd);
    float[] x = input(g, rnd, density);

    float[] reference = scattered(g, x, w, false);
    if (Simd.ENABLED) {
      assertArrayEquals(reference, scattered(g, x, w, true), "vector scatter");
    }
    // and the values of the convolution, computed in double
    double[] magnitude = new double[IMAGES * g.outSize()];
    double[] exact = convolveInDouble(g, x, w, magnitude);
    boolean nonZero = false;
    for (int i = 0; i < exact.length; i++) {
      // float rounding: a few ulps of the largest partial sums, at most the sum of |terms|
      assertEquals(exact[i], reference[i], 1e-5 * magnitude[i] + 1e-6, "output " + i);
      nonZero |= reference[i] != 0;
    }
    assertTrue(nonZero, "some output must be non-zero");
  }

  @Test
  void anImagesOutputsDoNotDependOnTheOtherImagesIndexed() {
    ConvKernels.Geometry g = geometry(12, 12, 8, 16, 3, 2, false);
    Random rnd = new Random(99);
    float[] w = weights(g, rnd);
    float[] x = input(g, rnd, 0.1);
    float[] together = scattered(g, x, w, Simd.ENABLED);
    for (int n = 0; n < IMAGES; n++) {
      DenseKernels.SparseRows alone = new DenseKernels.SparseRows();
      alone.build(x, n * g.inSize(), 1, g.inSize(), Simd.ENABLED);
      float[] out = new float[g.outSize()];
      ConvKernels.scatter(g, g.taps(), alone, 0, w, out, 0, Simd.ENABLED);
      assertArrayEquals(
          java.util.Arrays.copyOfRange(together, n * g.outSize(), (n + 1) * g.outSize()),
          out,
          "image " + n);
    }
  }

  @Test
  void nonZerosCountsWhatTheIndexHolds() {
    ConvKernels.Geometry g = geometry(9, 10, 3, 12, 3, 1, true);
    float[] x = input(g, new Random(4), 0.3);
    x[5] = Float.NaN; // NaN counts, −0 does not
    DenseKernels.SparseRows sparse = new DenseKernels.SparseRows();
    for (int n = 0; n < IMAGES; n++) {
      sparse.build(x, n * g.inSize(), 1, g.inSize(), false);
      int expected = sparse.rowStart[1];
      assertEquals(expected, ConvKernels.nonZeros(x, n * g.inSize(), g.inSize(), false));
      assertEquals(expected, ConvKernels.nonZeros(x, n * g.inSize(), g.inSize(), Simd.ENABLED));
    }
  }

  @Test
  void smallPatchesAreAlwaysScattered() {
    assertEquals(28 * 28, ConvKernels.scatterLimit(geometry(28, 28, 1, 32, 3, 1, false)));
    ConvKernels.Geometry conv1 = geometry(26, 26, 32, 64, 3, 2, false);
    assertEquals(
        (int) (ConvKernels.SCATTER_DENSITY * 26 * 26 * 32), ConvKernels.scatterLimit(conv1));
  }

  /** The convolution in double; {@code magnitude} gets each output's sum of |terms|. */
  private static double[] convolveInDouble(
      ConvKernels.Geometry g, float[] x, float[] w, double[] magnitude) {
    double[] out = new double[IMAGES * g.outSize()];
    for (int n = 0; n < IMAGES; n++) {
      for (int oy = 0; oy < g.oh(); oy++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          for (int c = 0; c < g.cout(); c++) {
            double acc = 0;
            double abs = 0;
            for (int ky = 0; ky < g.k(); ky++) {
              for (int kx = 0; kx < g.k(); kx++) {
                int iy = oy * g.stride() - g.padTop() + ky;
                int ix = ox * g.stride() - g.padLeft() + kx;
                if (iy < 0 || iy >= g.ih() || ix < 0 || ix >= g.iw()) {
                  continue;
                }
                for (int ci = 0; ci < g.cin(); ci++) {
                  double term =
                      (double) x[n * g.inSize() + (iy * g.iw() + ix) * g.cin() + ci]
                          * w[((ky * g.k() + kx) * g.cin() + ci) * g.cout() + c];
                  acc += term;
                  abs += Math.abs(term);
                }
              }
            }
            out[n * g.outSize() + (oy * g.ow() + ox) * g.cout() + c] = acc;
            magnitude[n * g.outSize() + (oy * g.ow() + ox) * g.cout() + c] = abs;
          }
        }
      }
    }
    return out;
  }
}
