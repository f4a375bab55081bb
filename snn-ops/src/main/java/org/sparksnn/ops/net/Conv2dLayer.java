package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D convolution on channels-last images by im2col + one GEMM: the columns matrix {@code [n·oh·ow
 * × k·k·cin]} times the kernel {@code [k·k·cin × cout]} gives the NHWC output directly. SAME
 * padding follows TensorFlow: total padding {@code max((out − 1)·stride + k − in, 0)}, the smaller
 * half at the top/left.
 *
 * <p>The forward pass runs im2col and the GEMM on chunks of {@link #chunkImages} images, so the
 * columns of a chunk (about {@link #CHUNK_BYTES}) stay in cache between im2col, the copy into the
 * GEMM's operand and the GEMM's own packing, instead of going to memory and back (16.6 MB per step
 * for keras-to-snn's second conv layer at batch 100). Splitting the GEMM's rows leaves every output
 * element the same dot product over the patch, and OpenBLAS's kernels then give the same bits
 * ({@code Conv2dLayerTest} compares chunked and whole; BENCHMARKS.md, session 14, compares sweep
 * digests and trained weights).
 *
 * <p>Evaluation with finite weights scatters each image whose share of non-zero inputs is small
 * (spikes) with {@link ConvKernels#scatter} and computes each other image with a GEMM of its own;
 * the choice is per image, by its own count of non-zeros, so no image's outputs depend on the
 * batch.
 */
final class Conv2dLayer extends Layer implements FilterableLayer {
  /** Target size of one forward chunk's columns, bytes. */
  static final int CHUNK_BYTES = 512 * 1024;

  private final int k;
  private final int stride;
  private final boolean useBias;
  private final int ih;
  private final int iw;
  private final int cin;
  private final int oh;
  private final int ow;
  private final int cout;
  private final int padTop;
  private final int padLeft;
  private final int patch;
  private final String kernelName;
  private final String biasName;
  /** Whether every patch lies inside the input (no padding): im2col then writes every column. */
  private final boolean patchesInside;
  /**
   * The taps of one image's patches that lie inside the input, in (output pixel, ky, kx) order:
   * tap t copies the {@code cin} channels at input offset {@code tapInput[t]} to column offset
   * {@code tapColumn[t]} (im2col), and its adjoint adds them back (col2im).
   */
  private final int[] tapInput;

  private final int[] tapColumn;
  /** Images per forward chunk, {@code >= 1}. */
  private final int chunkImages;
  /** The shape for the direct evaluation kernels, and the outputs each input pixel feeds. */
  private final ConvKernels.Geometry geometry;
  private final ConvKernels.Taps taps;

  Conv2dLayer(int index, LayerSpec.Conv2d spec, int[] inShape, int[] outShape) {
    this(index, spec, inShape, outShape, CHUNK_BYTES);
  }

  /** A layer whose forward chunks hold about {@code chunkBytes} of columns (at least one image). */
  Conv2dLayer(int index, LayerSpec.Conv2d spec, int[] inShape, int[] outShape, int chunkBytes) {
    super(index, spec.name(), inShape, outShape);
    this.k = spec.kernel();
    this.stride = spec.stride();
    this.useBias = spec.useBias();
    this.ih = inShape[0];
    this.iw = inShape[1];
    this.cin = inShape[2];
    this.oh = outShape[0];
    this.ow = outShape[1];
    this.cout = outShape[2];
    if (spec.padding() == LayerSpec.Padding.SAME) {
      padTop = Math.max((oh - 1) * stride + k - ih, 0) / 2;
      padLeft = Math.max((ow - 1) * stride + k - iw, 0) / 2;
    } else {
      padTop = 0;
      padLeft = 0;
    }
    this.patch = k * k * cin;
    this.patchesInside =
        padTop == 0
            && padLeft == 0
            && (oh - 1) * stride + k <= ih
            && (ow - 1) * stride + k <= iw;
    this.chunkImages = Math.max(1, chunkBytes / (oh * ow * patch * Float.BYTES));
    int[][] taps = patchTaps();
    this.tapInput = taps[0];
    this.tapColumn = taps[1];
    this.kernelName = name + "/kernel";
    this.biasName = name + "/bias";
    this.geometry = new ConvKernels.Geometry(ih, iw, cin, oh, ow, cout, k, stride, padTop, padLeft);
    this.taps = geometry.taps();
  }

  @Override
  List<ParamDecl> parameters() {
    List<ParamDecl> p = new ArrayList<>();
    p.add(new ParamDecl(kernelName, new int[] {k, k, cin, cout}, Init.GLOROT, 0));
    if (useBias) {
      p.add(new ParamDecl(biasName, new int[] {cout}, Init.CONSTANT, 0));
    }
    return p;
  }

  @Override
  Run start(RunContext ctx) {
    float[] kernel = ctx.params().get(kernelName);
    float[] bias = useBias ? ctx.params().get(biasName) : null;
    if (direct(ctx, kernel)) {
      return new DirectRun(ctx, kernel, bias);
    }
    return new ConvRun(ctx, weightsMatrix(ctx, kernel), bias);
  }

  /** The kernel as the GEMM's {@code [k·k·cin × cout]} operand. */
  private INDArray weightsMatrix(RunContext ctx, float[] kernel) {
    INDArray w = ctx.ws().matrix("conv.w." + index, patch, cout);
    Workspace.put(w, kernel, 0, patch * cout);
    return w;
  }

  /** The columns of images {@code first ..} as a matrix, in buffers keyed by {@code tag}. */
  private INDArray columns(RunContext ctx, float[] in, int first, int images, String tag) {
    int rows = images * oh * ow;
    float[] cols = ctx.ws().floats(tag + "cols." + index, rows * patch);
    im2col(in, first, images, cols);
    INDArray c = ctx.ws().matrix(tag + "c." + index, rows, patch);
    Workspace.put(c, cols, 0, rows * patch);
    return c;
  }

  /**
   * Images {@code first … first + images − 1} of {@code in} through im2col and one GEMM with
   * {@code w}, into their blocks of {@code out}, without bias (buffers keyed by {@code tag}).
   */
  private void product(
      RunContext ctx, INDArray w, float[] in, int first, int images, float[] out, String tag) {
    int rows = images * oh * ow;
    INDArray c = columns(ctx, in, first, images, tag);
    INDArray z = ctx.ws().matrix(tag + "z." + index, rows, cout);
    Workspace.gemm(c, w, z, false, false);
    Workspace.get(z, out, first * outSize, rows * cout);
  }

  /**
   * Starts an evaluation run that filters this layer's output from the bias ({@link
   * FilteredLinearRun}: in place of a lowpass of initial level 0 on its input), computing its
   * product as {@link #start} would.
   */
  @Override
  public FilteredLinearRun startFiltered(RunContext ctx, double a, FilteredLinearRun source) {
    float[] bias = useBias ? ctx.params().get(biasName) : null;
    float[] initial = new float[outSize];
    if (bias != null) {
      for (int off = 0; off < outSize; off += cout) {
        System.arraycopy(bias, 0, initial, off, cout);
      }
    }
    return new FilteredLinearRun(
        ctx, name, index, outSize, initial, a, source == null ? start(ctx) : null, source);
  }

  /**
   * Whether a run scatters sparse images: in evaluation, unless switched off ({@link
   * ConvKernels#ENABLED}), for finite weights (the scatter skips zero inputs, whose products
   * with an infinite weight would be NaN in the GEMM).
   */
  private static boolean direct(RunContext ctx, float[] kernel) {
    return !ctx.training() && ConvKernels.ENABLED && DenseKernels.allFinite(kernel);
  }

  /**
   * An evaluation run: each image with at most {@link ConvKernels#scatterLimit} non-zero inputs
   * by the event-driven scatter, each other image through im2col and its own GEMM: one image's
   * rows per product, so that OpenBLAS takes the same kernels for every image (it picks them by
   * the product's shape; a 25-row product and a 175-row one gave one output different last bits,
   * {@code Conv2dLayerTest}), and no image's outputs depend on the other images of its batch.
   */
  private final class DirectRun extends EvaluationRun {
    private final RunContext ctx;
    private final float[] kernel;
    private final float[] bias;
    private final DenseKernels.SparseRows sparse;
    private final boolean vectorLoops;
    private final int limit;
    private INDArray w;

    DirectRun(RunContext ctx, float[] kernel, float[] bias) {
      super(name);
      this.ctx = ctx;
      this.kernel = kernel;
      this.bias = bias;
      this.sparse =
          ctx.ws()
              .scratch(
                  "conv.sparse." + index,
                  DenseKernels.SparseRows.class,
                  DenseKernels.SparseRows::new);
      this.vectorLoops = Simd.forRun(ctx);
      this.limit = ConvKernels.scatterLimit(geometry);
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int images = steps * ctx.batch();
      for (int n = 0; n < images; n++) {
        int off = n * inSize;
        // counted before indexing: the index of a dense image would copy all its values for a GEMM
        if (ConvKernels.nonZeros(in, off, inSize, vectorLoops) <= limit) {
          sparse.build(in, off, 1, inSize, vectorLoops);
          ConvKernels.scatter(geometry, taps, sparse, 0, kernel, out, n * outSize, vectorLoops);
        } else {
          gemm(in, n, out);
        }
      }
      if (bias != null) {
        BiasRows.add(out, 0, images * oh * ow, bias, cout);
      }
    }

    /** Image {@code n} through im2col and a GEMM of its own. */
    private void gemm(float[] in, int n, float[] out) {
      if (w == null) {
        w = weightsMatrix(ctx, kernel);
      }
      product(ctx, w, in, n, 1, out, "conv.eval.");
    }
  }

  /**
   * Writes the patches of images {@code first .. first + images − 1} of {@code in} into {@code
   * cols} (row per output pixel, from row 0).
   */
  private void im2col(float[] in, int first, int images, float[] cols) {
    if (!patchesInside) {
      Arrays.fill(cols, 0, images * oh * ow * patch, 0f);
    }
    for (int n = 0; n < images; n++) {
      int imgOff = (first + n) * inSize;
      int colOff = n * oh * ow * patch;
      for (int t = 0; t < tapInput.length; t++) {
        System.arraycopy(in, imgOff + tapInput[t], cols, colOff + tapColumn[t], cin);
      }
    }
  }

  /** {@link #tapInput} and {@link #tapColumn} of one image. */
  private int[][] patchTaps() {
    int[] input = new int[oh * ow * k * k];
    int[] column = new int[input.length];
    int n = 0;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int rowOff = (oy * ow + ox) * patch;
        for (int ky = 0; ky < k; ky++) {
          int iy = oy * stride - padTop + ky;
          if (iy < 0 || iy >= ih) {
            continue;
          }
          for (int kx = 0; kx < k; kx++) {
            int ix = ox * stride - padLeft + kx;
            if (ix < 0 || ix >= iw) {
              continue;
            }
            input[n] = (iy * iw + ix) * cin;
            column[n] = rowOff + (ky * k + kx) * cin;
            n++;
          }
        }
      }
    }
    return new int[][] {Arrays.copyOf(input, n), Arrays.copyOf(column, n)};
  }

  /** Adds the column gradients back onto the input positions (the adjoint of im2col). */
  private void col2im(float[] dCols, int images, float[] dIn) {
    Arrays.fill(dIn, 0, images * inSize, 0f);
    for (int n = 0; n < images; n++) {
      int imgOff = n * inSize;
      int colOff = n * oh * ow * patch;
      for (int t = 0; t < tapInput.length; t++) {
        int src = colOff + tapColumn[t];
        int dst = imgOff + tapInput[t];
        for (int c = 0; c < cin; c++) {
          dIn[dst + c] += dCols[src + c];
        }
      }
    }
  }

  private final class ConvRun implements Run {
    private final RunContext ctx;
    private final INDArray w;
    private final float[] bias;

    ConvRun(RunContext ctx, INDArray w, float[] bias) {
      this.ctx = ctx;
      this.w = w;
      this.bias = bias;
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int images = steps * ctx.batch();
      for (int first = 0; first < images; first += chunkImages) {
        int count = Math.min(chunkImages, images - first);
        product(ctx, w, in, first, count, out, "conv.fwd.");
        if (bias != null) {
          BiasRows.add(out, first * outSize, count * oh * ow, bias, cout);
        }
      }
    }

    @Override
    public void backward(
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        float[] dOut,
        float[] dIn,
        ParameterSet grads) {
      int images = steps * ctx.batch();
      int rows = images * oh * ow;
      Workspace ws = ctx.ws();
      INDArray c = columns(ctx, in, 0, images, "conv.");
      INDArray g = ws.matrix("conv.g." + index, rows, cout);
      Workspace.put(g, dOut, 0, rows * cout);
      INDArray dw = ws.matrix("conv.dw." + index, patch, cout);
      Workspace.gemm(c, g, dw, true, false);
      Workspace.get(dw, grads.get(kernelName), 0, patch * cout);
      if (bias != null) {
        BiasRows.gradient(dOut, rows, cout, grads.get(biasName));
      }
      if (dIn != null) {
        INDArray dc = ws.matrix("conv.dc." + index, rows, patch);
        Workspace.gemm(g, w, dc, false, true);
        float[] dCols = ws.floats("conv.cols." + index, rows * patch);
        Workspace.get(dc, dCols, 0, rows * patch);
        col2im(dCols, images, dIn);
      }
    }
  }
}
