package org.sparksnn.ops.net;

import java.util.Arrays;

/**
 * Event-driven 2-D convolution for evaluation, on channels-last images: {@link #scatter} walks an
 * image's non-zero inputs (the spikes of a spiking layer, a few per cent of its outputs at a step)
 * and adds each one's weights to the outputs it feeds. For every output element it computes
 * {@code Σ in·w} over the patch's non-zero inputs in {@code (ky, kx, ci)} order from {@code +0f},
 * each product and sum rounded to float (no fused multiply-add), without the bias.
 *
 * <p>{@link Conv2dLayer} uses it in evaluation for the images whose share of non-zero inputs is
 * at most {@link #scatterLimit}, and im2col + OpenBLAS (training's path) for the others. The
 * choice is made per image from its exact count of non-zeros, so an image's outputs depend on
 * that image alone, not on the batch, its other images or the partitioning. The two paths round
 * differently (BLAS sums in its own order). Off with {@code -Dsparksnn.directConv=false}
 * (evaluation then takes BLAS for every image, as training does); decided once per JVM.
 */
final class ConvKernels {
  /** True unless the JVM runs with {@code -Dsparksnn.directConv=false}. */
  static final boolean ENABLED = !"false".equals(System.getProperty("sparksnn.directConv"));

  /**
   * The share of non-zero inputs up to which an image is scattered, for a layer whose patch
   * ({@code k²·cin}) has at least {@link #SMALL_PATCH} values. Keras-to-SNN's second convolution
   * (26×26×32 → 64 filters 3×3 stride 2, a batch of 10 images, one thread, {@code
   * ConvKernelsBench}, session 37): the scatter, index included, took 477 µs at 10 % and 897 µs at
   * 20 % against 848–867 µs for im2col + OpenBLAS.
   */
  static final double SCATTER_DENSITY = 0.15;

  /**
   * Patches smaller than this are always scattered: OpenBLAS is slow on a product whose inner
   * dimension is so small. Keras-to-SNN's first convolution (28×28×1 → 32 filters 3×3, patch 9):
   * the scatter took 116 µs at 30 % and 340 µs at 100 % against 597–599 µs for im2col + OpenBLAS
   * ({@code ConvKernelsBench}, session 37).
   */
  static final int SMALL_PATCH = 64;

  private ConvKernels() {}

  /**
   * The shape of one convolution: input {@code ih × iw × cin}, output {@code oh × ow × cout},
   * square kernel {@code k} (weights {@code [k, k, cin, cout]} row-major), {@code stride}, and the
   * padding before the first row and column.
   */
  record Geometry(
      int ih, int iw, int cin, int oh, int ow, int cout, int k, int stride, int padTop, int padLeft) {
    /** The outputs each input pixel feeds ({@link Taps}). */
    Taps taps() {
      return new Taps(this);
    }

    int inSize() {
      return ih * iw * cin;
    }

    int outSize() {
      return oh * ow * cout;
    }
  }

  /**
   * For each input pixel {@code (iy, ix)}, the outputs {@code (oy, ox)} whose patches hold it and
   * at which tap {@code (ky, kx)}: taps {@code start[p] … start[p + 1] − 1} of pixel {@code p =
   * iy·iw + ix}, each as the offset of its weights for input channel 0 ({@code (ky·k + kx)·cin·cout})
   * and of its output pixel ({@code (oy·ow + ox)·cout}). Built once per layer, so that the scatter
   * does no index arithmetic (divisions) per spike.
   */
  static final class Taps {
    final int[] start;
    final int[] weight;
    final int[] output;

    Taps(Geometry g) {
      int pixels = g.ih * g.iw;
      start = new int[pixels + 1];
      int[] w = new int[pixels * g.k * g.k];
      int[] o = new int[pixels * g.k * g.k];
      int n = 0;
      for (int p = 0; p < pixels; p++) {
        start[p] = n;
        int ty0 = p / g.iw + g.padTop;
        int tx0 = p % g.iw + g.padLeft;
        for (int ky = 0; ky < g.k && ky <= ty0; ky++) {
          int ty = ty0 - ky;
          int oy = ty / g.stride;
          if (oy * g.stride != ty || oy >= g.oh) {
            continue;
          }
          for (int kx = 0; kx < g.k && kx <= tx0; kx++) {
            int tx = tx0 - kx;
            int ox = tx / g.stride;
            if (ox * g.stride != tx || ox >= g.ow) {
              continue;
            }
            w[n] = (ky * g.k + kx) * g.cin * g.cout;
            o[n] = (oy * g.ow + ox) * g.cout;
            n++;
          }
        }
      }
      start[pixels] = n;
      weight = java.util.Arrays.copyOf(w, n);
      output = java.util.Arrays.copyOf(o, n);
    }
  }

  /** The most non-zero inputs an image of layer {@code g} may have to be scattered. */
  static int scatterLimit(Geometry g) {
    return g.k * g.k * g.cin < SMALL_PATCH ? g.inSize() : (int) (SCATTER_DENSITY * g.inSize());
  }

  /** How many of {@code m[off … off + n − 1]} are non-zero (Java's {@code !=}: NaN counts). */
  static int nonZeros(float[] m, int off, int n, boolean vectorLoops) {
    int count = 0;
    int q = 0;
    for (; q + 64 <= n; q += 64) {
      long bits =
          vectorLoops
              ? VectorLoops.nonZeroBits(m, off + q)
              : DenseKernels.SparseRows.nonZeroBits(m, off + q);
      count += Long.bitCount(bits);
    }
    for (; q < n; q++) {
      if (m[off + q] != 0f) {
        count++;
      }
    }
    return count;
  }

  /**
   * One image's outputs from the non-zeros of row {@code row} of {@code sparse} (an index of
   * images of {@link Geometry#inSize} values): {@code out[outOff …]} is set to 0 and each non-zero
   * {@code v} at {@code (iy, ix, ci)} adds {@code v·w[ky, kx, ci, :]} to every output {@code (oy,
   * ox)} whose patch holds it at {@code (ky, kx)}.
   */
  static void scatter(
      Geometry g,
      Taps taps,
      DenseKernels.SparseRows sparse,
      int row,
      float[] w,
      float[] out,
      int outOff,
      boolean vectorLoops) {
    int cout = g.cout;
    int cin = g.cin;
    Arrays.fill(out, outOff, outOff + g.outSize(), 0f);
    int[] column = sparse.column;
    float[] value = sparse.value;
    int[] tapStart = taps.start;
    int[] tapWeight = taps.weight;
    int[] tapOutput = taps.output;
    // the index lists a row's non-zeros in column order: the pixel only moves forward
    int pixel = 0;
    int pixelFirst = 0;
    for (int p = sparse.rowStart[row], end = sparse.rowStart[row + 1]; p < end; p++) {
      int idx = column[p];
      float v = value[p];
      while (idx >= pixelFirst + cin) {
        pixel++;
        pixelFirst += cin;
      }
      int wChannel = (idx - pixelFirst) * cout;
      for (int t = tapStart[pixel], tEnd = tapStart[pixel + 1]; t < tEnd; t++) {
        int wOff = tapWeight[t] + wChannel;
        int oOff = outOff + tapOutput[t];
        int c = vectorLoops ? ConvVectorLoops.addScaled(out, oOff, v, w, wOff, cout) : 0;
        for (; c < cout; c++) {
          out[oOff + c] += w[wOff + c] * v;
        }
      }
    }
  }
}
