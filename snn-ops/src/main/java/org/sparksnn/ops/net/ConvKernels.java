package org.sparksnn.ops.net;

import java.util.Arrays;

/**
 * Direct 2-D convolution for evaluation, on channels-last images, in two forms that give the same
 * bits: {@link #scatter} walks an image's non-zero inputs (the spikes of a spiking layer, a few
 * per cent of its outputs at a step) and adds each one's weights to the outputs it feeds; {@link
 * #gather} sums each output's patch. Both compute, for every output element, {@code Σ in·w} over
 * the patch in {@code (ky, kx, ci)} order from {@code +0f}, each product and sum rounded to float
 * (no fused multiply-add), without the bias. The scatter visits an image's non-zeros in index
 * order, which for each output is {@code (ky, kx, ci)} order; the gather adds the zero inputs' ±0
 * products as well, which leave a sum from +0 unchanged as long as the weights are finite (0·∞
 * would be NaN): callers use these kernels only for finite weights. So {@link #forward} may pick
 * either form per batch by a density estimate without changing a bit, and the result does not
 * depend on the batch or the partitioning.
 *
 * <p>Training keeps im2col + BLAS ({@link Conv2dLayer}); these kernels round differently from it
 * (BLAS sums in its own order), so an evaluation's conv outputs differ from a training forward
 * pass's in the last bits. Off with {@code -Dsparksnn.directConv=false} (evaluation then takes
 * BLAS as training does); decided once per JVM.
 */
final class ConvKernels {
  /** True unless the JVM runs with {@code -Dsparksnn.directConv=false}. */
  static final boolean ENABLED = !"false".equals(System.getProperty("sparksnn.directConv"));

  /**
   * Sampled input density (non-zero share) up to which {@link #forward} scatters: above it every
   * output's full patch is cheaper to sum. Measured on keras-to-snn's second conv layer (26×26×32
   * in, 64 filters 3×3 stride 2; {@code ConvKernelsBench}, session 37).
   */
  static final double SCATTER_DENSITY = 0.3;

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

  /**
   * {@code out[n] = conv(in[n])} without bias for images {@code n = 0 … images − 1} (image-major,
   * {@link Geometry#inSize} values each in {@code in}, {@link Geometry#outSize} in {@code out},
   * overwritten). Scatters when the sampled density is at most {@link #SCATTER_DENSITY}, using
   * {@code sparse} as the index; otherwise gathers. The weights must be finite.
   */
  static void forward(
      Geometry g,
      Taps taps,
      float[] in,
      int images,
      float[] w,
      float[] out,
      DenseKernels.SparseRows sparse,
      boolean vectorLoops) {
    int inSize = g.inSize();
    if (DenseKernels.sampledDensity(in, images, inSize) <= SCATTER_DENSITY) {
      sparse.build(in, images, inSize, vectorLoops);
      for (int n = 0; n < images; n++) {
        scatter(g, taps, sparse, n, w, out, n * g.outSize(), vectorLoops);
      }
    } else {
      for (int n = 0; n < images; n++) {
        gather(g, in, n * inSize, w, out, n * g.outSize(), vectorLoops);
      }
    }
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

  /**
   * One image's outputs by summing every output's patch: {@code out[outOff + (oy·ow + ox)·cout +
   * c] = Σ in[inOff + ((oy·s − padTop + ky)·iw + ox·s − padLeft + kx)·cin + ci]·w[ky, kx, ci, c]}
   * over the taps inside the input, in {@code (ky, kx, ci)} order from +0.
   */
  static void gather(
      Geometry g, float[] in, int inOff, float[] w, float[] out, int outOff, boolean vectorLoops) {
    int cout = g.cout;
    int done = vectorLoops ? ConvVectorLoops.gather(g, in, inOff, w, out, outOff) : 0;
    if (done == cout) {
      return;
    }
    // the channels the vector loops left (all of them without the vector loops)
    for (int oy = 0; oy < g.oh; oy++) {
      int ty = oy * g.stride - g.padTop;
      int kyLo = Math.max(0, -ty);
      int kyHi = Math.min(g.k, g.ih - ty);
      for (int ox = 0; ox < g.ow; ox++) {
        int tx = ox * g.stride - g.padLeft;
        int kxLo = Math.max(0, -tx);
        int kxHi = Math.min(g.k, g.iw - tx);
        int o = outOff + (oy * g.ow + ox) * cout;
        for (int c = done; c < cout; c++) {
          float acc = 0f;
          for (int ky = kyLo; ky < kyHi; ky++) {
            for (int kx = kxLo; kx < kxHi; kx++) {
              int i = inOff + ((ty + ky) * g.iw + tx + kx) * g.cin;
              int wi = ((ky * g.k + kx) * g.cin) * cout + c;
              for (int ci = 0; ci < g.cin; ci++) {
                acc += w[wi + ci * cout] * in[i + ci];
              }
            }
          }
          out[o + c] = acc;
        }
      }
    }
  }
}
