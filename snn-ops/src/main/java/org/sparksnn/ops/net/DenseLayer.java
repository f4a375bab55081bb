package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparksnn.ops.Checks;

/**
 * Fully connected layer: {@code out = in·W + b}, {@code W [in, out]}: one GEMM per call, or the
 * event-driven kernels of {@link DenseKernels} for sparse inputs.
 */
final class DenseLayer extends Layer implements FilterableLayer {
  private final boolean useBias;
  private final String kernelName;
  private final String biasName;

  DenseLayer(int index, LayerSpec.Dense spec, int[] inShape, int[] outShape) {
    super(index, spec.name(), inShape, outShape);
    this.useBias = spec.useBias();
    this.kernelName = name + "/kernel";
    this.biasName = name + "/bias";
  }

  @Override
  List<ParamDecl> parameters() {
    List<ParamDecl> p = new ArrayList<>();
    p.add(new ParamDecl(kernelName, new int[] {inSize, outSize}, Init.GLOROT, 0));
    if (useBias) {
      p.add(new ParamDecl(biasName, new int[] {outSize}, Init.CONSTANT, 0));
    }
    return p;
  }

  @Override
  Run start(RunContext ctx) {
    float[] kernel = ctx.params().get(kernelName);
    float[] bias = useBias ? ctx.params().get(biasName) : null;
    return new DenseRun(ctx, kernel, bias);
  }

  @Override
  public FilteredLinearRun startFiltered(RunContext ctx, double a, FilteredLinearRun source) {
    float[] bias = useBias ? ctx.params().get(biasName) : null;
    float[] initial = bias == null ? new float[outSize] : bias.clone();
    Run product =
        source == null ? new DenseRun(ctx, ctx.params().get(kernelName), bias) : null;
    return new FilteredLinearRun(ctx, name, index, outSize, initial, a, product, source);
  }

  /**
   * One batch. Sparse inputs ({@link DenseKernels#looksSparse}) go through the event-driven kernels
   * (forward and weight gradient), everything else through {@code Nd4j.gemm}; the kernel is copied
   * into an INDArray only when a BLAS path needs it. In evaluation with the vector loops ({@link
   * Simd#ENABLED}), a layer of at most {@link VectorLoops#NARROW} outputs with finite weights (a
   * network's readout layer) never uses BLAS: its dense inputs take {@link
   * DenseKernels#denseNarrow}, which gives the event-driven path's bits, so its output does not
   * depend on the density estimate, the batch or the BLAS build. Without the vector loops (no
   * AVX-512, or {@code -Dsparksnn.simd=false}) such a layer chooses as every other layer does, and
   * its dense inputs' products have BLAS's bits.
   */
  private final class DenseRun implements Run {
    private final RunContext ctx;
    private final float[] kernel;
    private final float[] bias;
    /** Index and row buffers kept by the runner's workspace across batches (no garbage). */
    private final DenseKernels.SparseRows sparse;
    private final DenseKernels.RowBuffers rowBuffers;
    /** Whether the event-driven kernels (index and sums) use {@link VectorLoops}. */
    private final boolean vectorLoops;
    private INDArray w;
    /** The input of the last forward call, and whether it went the sparse way or into {@code x}. */
    private float[] lastIn;
    private int lastRows = -1;
    private boolean lastSparse;
    private INDArray x;
    /** Evaluation of a narrow layer with finite weights: Java kernels only (see the type). */
    private final boolean narrowEval;
    /** In evaluation, the bias repeated row after row for this run's calls (null until needed). */
    private float[] biasRows;

    DenseRun(RunContext ctx, float[] kernel, float[] bias) {
      this.ctx = ctx;
      this.kernel = kernel;
      this.bias = bias;
      this.vectorLoops = Simd.forDenseKernels();
      this.narrowEval =
          vectorLoops
              && !ctx.training()
              && outSize <= VectorLoops.NARROW
              && DenseKernels.allFinite(kernel);
      this.sparse =
          ctx.ws()
              .scratch(
                  "dense.sparse." + index,
                  DenseKernels.SparseRows.class,
                  DenseKernels.SparseRows::new);
      this.rowBuffers =
          ctx.ws()
              .scratch(
                  "dense.rows." + index,
                  DenseKernels.RowBuffers.class,
                  DenseKernels.RowBuffers::new);
    }

    private INDArray weights() {
      if (w == null) {
        w = ctx.ws().matrix("dense.w." + index, inSize, outSize);
        Workspace.put(w, kernel, 0, inSize * outSize);
      }
      return w;
    }

    /** Chooses the path for {@code in} and prepares its operand (once per forward call). */
    private void load(float[] in, int rows) {
      if (in == lastIn && rows == lastRows) {
        return;
      }
      lastSparse = DenseKernels.looksSparse(in, rows, inSize, outSize);
      if (lastSparse) {
        sparse.build(in, rows, inSize, vectorLoops);
      } else {
        x = ctx.ws().matrix("dense.x." + index, rows, inSize);
        Workspace.put(x, in, 0, rows * inSize);
      }
      lastIn = in;
      lastRows = rows;
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int rows = steps * ctx.batch();
      lastIn = null;
      if (narrowEval) {
        if (DenseKernels.sampledDensity(in, rows, inSize) <= DenseKernels.NARROW_SPARSE_DENSITY) {
          sparse.build(in, rows, inSize, vectorLoops);
          DenseKernels.sparseTimesDense(sparse, kernel, outSize, out, rowBuffers, vectorLoops);
        } else {
          DenseKernels.denseNarrow(in, rows, kernel, outSize, out, rowBuffers);
        }
        addBias(out, rows);
        return;
      }
      load(in, rows);
      if (lastSparse) {
        DenseKernels.sparseTimesDense(sparse, kernel, outSize, out, rowBuffers, vectorLoops);
      } else {
        INDArray z = ctx.ws().matrix("dense.z." + index, rows, outSize);
        Workspace.gemm(x, weights(), z, false, false);
        Workspace.get(z, out, 0, rows * outSize);
      }
      addBias(out, rows);
    }

    /**
     * {@code out[r, j] += bias[j]} over {@code rows} rows. In evaluation, where a run makes one
     * call per step over the same rows, as one loop over the whole block against the bias
     * repeated row after row (the same additions; C2 vectorizes a loop over two arrays at one
     * index, not a row loop of a few columns, which took 7 % of a sweep point's samples, session
     * 29); training's single call per batch keeps the row loop.
     */
    private void addBias(float[] out, int rows) {
      if (bias == null) {
        return;
      }
      int n = rows * outSize;
      if (ctx.training()) {
        BiasRows.add(out, 0, rows, bias, outSize);
        return;
      }
      if (biasRows == null || biasRows.length < n) {
        biasRows = ctx.ws().floats("dense.biasRows." + index, n);
        for (int off = 0; off < n; off += outSize) {
          System.arraycopy(bias, 0, biasRows, off, outSize);
        }
      }
      float[] b = biasRows;
      for (int k = 0; k < n; k++) {
        out[k] += b[k];
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
      int rows = steps * ctx.batch();
      Workspace ws = ctx.ws();
      load(in, rows);
      INDArray g = null;
      if (lastSparse) {
        DenseKernels.sparseTransposeTimesDense(
            sparse, dOut, outSize, grads.get(kernelName), rowBuffers, vectorLoops);
      } else {
        g = ws.matrix("dense.g." + index, rows, outSize);
        Workspace.put(g, dOut, 0, rows * outSize);
        INDArray dw = ws.matrix("dense.dw." + index, inSize, outSize);
        Workspace.gemm(x, g, dw, true, false);
        Workspace.get(dw, grads.get(kernelName), 0, inSize * outSize);
      }
      if (bias != null) {
        BiasRows.gradient(dOut, rows, outSize, grads.get(biasName));
      }
      if (dIn != null) {
        if ((long) rows * inSize * outSize <= DenseKernels.SMALL_PRODUCT) {
          DenseKernels.timesTranspose(dOut, kernel, rows, inSize, outSize, dIn);
        } else {
          if (g == null) {
            g = ws.matrix("dense.g." + index, rows, outSize);
            Workspace.put(g, dOut, 0, rows * outSize);
          }
          INDArray dx = ws.matrix("dense.dx." + index, rows, inSize);
          Workspace.gemm(g, weights(), dx, false, true);
          Workspace.get(dx, dIn, 0, rows * inSize);
        }
      }
    }
  }
}
