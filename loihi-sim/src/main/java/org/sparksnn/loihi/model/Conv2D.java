package org.sparksnn.loihi.model;

import org.sparksnn.ops.Checks;

/**
 * A 2-d convolution feeding an on-chip layer, with weights shared over positions (nengo {@code
 * Convolution}, Keras {@code Conv2D}). Channels last everywhere: the input is a {@code (rows, cols,
 * inChannels)} volume flattened row-major with channels last (NHWC without the batch), the output
 * is {@code (outRows, outCols, filters)} flattened the same way, and the kernel is Keras'
 * {@code [kernelRows][kernelCols][inChannels][filters]}. Cross-correlation, as Keras computes:
 *
 * <pre>
 * J[oy][ox][f] = Σ_{ky,kx,c} kernel[ky][kx][c][f] · x[oy·sy + ky − padTop][ox·sx + kx − padLeft][c]
 * </pre>
 *
 * @param inputShape input volume {@code (rows, cols, channels)}, all > 0
 * @param kernel weights {@code [kernelRows][kernelCols][inChannels][filters]}, finite, with
 *     inChannels equal to {@code inputShape[2]}; copied on construction and access
 * @param strides {@code (rowStride, colStride)}, > 0; default (1, 1)
 * @param padding {@link Padding#VALID} (default, the only mode nengo-loihi 1.1 builds) or {@link
 *     Padding#SAME}
 */
public record Conv2D(int[] inputShape, double[][][][] kernel, int[] strides, Padding padding) {
  public Conv2D {
    Checks.notNull("Conv2D.inputShape", inputShape);
    Checks.check(inputShape.length == 3, "Conv2D.inputShape.length", "must be 3",
        inputShape.length);
    for (int d : inputShape) {
      Checks.positive("Conv2D.inputShape", d);
    }
    Checks.notNull("Conv2D.strides", strides);
    Checks.check(strides.length == 2, "Conv2D.strides.length", "must be 2", strides.length);
    Checks.positive("Conv2D.strides", strides[0]);
    Checks.positive("Conv2D.strides", strides[1]);
    Checks.notNull("Conv2D.padding", padding);
    Checks.notNull("Conv2D.kernel", kernel);
    int kh = kernel.length;
    Checks.positive("Conv2D.kernel.rows", kh);
    int kw = kernel[0].length;
    Checks.positive("Conv2D.kernel.cols", kw);
    Checks.check(kernel[0][0].length == inputShape[2], "Conv2D.kernel.inChannels",
        "must equal inputShape[2] = " + inputShape[2], kernel[0][0].length);
    int nf = kernel[0][0][0].length;
    Checks.positive("Conv2D.kernel.filters", nf);
    double[][][][] k = new double[kh][kw][inputShape[2]][];
    for (int a = 0; a < kh; a++) {
      Checks.check(kernel[a].length == kw, "Conv2D.kernel[" + a + "].length", "must be " + kw,
          kernel[a].length);
      for (int b = 0; b < kw; b++) {
        Checks.check(kernel[a][b].length == inputShape[2], "Conv2D.kernel[" + a + "][" + b
            + "].length", "must be " + inputShape[2], kernel[a][b].length);
        for (int c = 0; c < inputShape[2]; c++) {
          Checks.check(kernel[a][b][c].length == nf, "Conv2D.kernel.filters", "must be " + nf,
              kernel[a][b][c].length);
          for (double x : kernel[a][b][c]) {
            Checks.finite("Conv2D.kernel", x);
          }
          k[a][b][c] = kernel[a][b][c].clone();
        }
      }
    }
    kernel = k;
    inputShape = inputShape.clone();
    strides = strides.clone();
    Checks.check(outSize(inputShape[0], kh, strides[0], padding) > 0, "Conv2D.kernel.rows",
        "must fit the input rows " + inputShape[0], kh);
    Checks.check(outSize(inputShape[1], kw, strides[1], padding) > 0, "Conv2D.kernel.cols",
        "must fit the input cols " + inputShape[1], kw);
  }

  /** A valid-padding convolution with the given strides. */
  public static Conv2D valid(int[] inputShape, double[][][][] kernel, int rowStride,
      int colStride) {
    return new Conv2D(inputShape, kernel, new int[] {rowStride, colStride}, Padding.VALID);
  }

  private static int outSize(int in, int k, int s, Padding p) {
    return p == Padding.VALID ? (in - k) / s + 1 : (in + s - 1) / s;
  }

  private static int padBefore(int in, int k, int s, Padding p) {
    if (p == Padding.VALID) {
      return 0;
    }
    int out = outSize(in, k, s, p);
    return Math.max((out - 1) * s + k - in, 0) / 2;
  }

  /** Kernel rows. */
  public int kernelRows() {
    return kernel.length;
  }

  /** Kernel columns. */
  public int kernelCols() {
    return kernel[0].length;
  }

  /** Input channels. */
  public int inChannels() {
    return inputShape[2];
  }

  /** Output channels (filters). */
  public int filters() {
    return kernel[0][0][0].length;
  }

  /** Zero rows padded above the input. */
  public int padTop() {
    return padBefore(inputShape[0], kernelRows(), strides[0], padding);
  }

  /** Zero columns padded left of the input. */
  public int padLeft() {
    return padBefore(inputShape[1], kernelCols(), strides[1], padding);
  }

  /** Output volume {@code (outRows, outCols, filters)}. */
  public int[] outputShape() {
    return new int[] {
      outSize(inputShape[0], kernelRows(), strides[0], padding),
      outSize(inputShape[1], kernelCols(), strides[1], padding),
      filters()
    };
  }

  /** Number of inputs {@code rows·cols·inChannels}. */
  public int inputSize() {
    return inputShape[0] * inputShape[1] * inputShape[2];
  }

  /** Number of outputs {@code outRows·outCols·filters}. */
  public int outputSize() {
    int[] o = outputShape();
    return o[0] * o[1] * o[2];
  }

  /**
   * Number of outputs that input {@code pre} feeds (its synapses): the in-bounds (output position,
   * kernel tap) pairs times the filters.
   */
  public int fanOut(int pre) {
    int ix = (pre / inputShape[2]) % inputShape[1];
    int iy = pre / inputShape[2] / inputShape[1];
    return taps(iy, inputShape[0], kernelRows(), strides[0], padTop(),
            outSize(inputShape[0], kernelRows(), strides[0], padding))
        * taps(ix, inputShape[1], kernelCols(), strides[1], padLeft(),
            outSize(inputShape[1], kernelCols(), strides[1], padding))
        * filters();
  }

  private static int taps(int x, int in, int k, int s, int pad, int out) {
    int m = 0;
    for (int ky = 0; ky < k; ky++) {
      int num = x + pad - ky;
      if (num >= 0 && num % s == 0 && num / s < out) {
        m++;
      }
    }
    return m;
  }

  /** Synapses of the whole connection: {@code Σ_pre fanOut(pre)}, the MACs of one step. */
  public long connections() {
    long c = 0;
    for (int pre = 0; pre < inputSize(); pre += inputShape[2]) {
      c += (long) fanOut(pre) * inputShape[2];
    }
    return c;
  }

  /** Kernel value {@code kernel[ky][kx][c][f]}. */
  public double kernelAt(int ky, int kx, int c, int f) {
    return kernel[ky][kx][c][f];
  }

  /**
   * The dense-equivalent weight from flat input {@code pre} to flat output {@code post} (0 where
   * the kernel does not connect them).
   */
  public double weight(int post, int pre) {
    int nf = filters();
    int outCols = outSize(inputShape[1], kernelCols(), strides[1], padding);
    int f = post % nf;
    int ox = (post / nf) % outCols;
    int oy = post / nf / outCols;
    int c = pre % inputShape[2];
    int ix = (pre / inputShape[2]) % inputShape[1];
    int iy = pre / inputShape[2] / inputShape[1];
    int ky = iy - oy * strides[0] + padTop();
    int kx = ix - ox * strides[1] + padLeft();
    if (ky < 0 || ky >= kernelRows() || kx < 0 || kx >= kernelCols()) {
      return 0.0;
    }
    return kernel[ky][kx][c][f];
  }

  @Override
  public double[][][][] kernel() {
    double[][][][] k = new double[kernel.length][kernel[0].length][inputShape[2]][];
    for (int a = 0; a < k.length; a++) {
      for (int b = 0; b < k[a].length; b++) {
        for (int c = 0; c < k[a][b].length; c++) {
          k[a][b][c] = kernel[a][b][c].clone();
        }
      }
    }
    return k;
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int[] strides() {
    return strides.clone();
  }
}
