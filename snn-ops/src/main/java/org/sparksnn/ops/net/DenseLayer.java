package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fully connected layer: {@code out = in·W + b}, {@code W [in, out]}, one GEMM per call. */
final class DenseLayer extends Layer {
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
    INDArray w = ctx.ws().matrix("dense.w." + index, inSize, outSize);
    Workspace.put(w, ctx.params().get(kernelName), 0, inSize * outSize);
    float[] bias = useBias ? ctx.params().get(biasName) : null;
    return new DenseRun(ctx, w, bias);
  }

  private final class DenseRun implements Run {
    private final RunContext ctx;
    private final INDArray w;
    private final float[] bias;

    DenseRun(RunContext ctx, INDArray w, float[] bias) {
      this.ctx = ctx;
      this.w = w;
      this.bias = bias;
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int rows = steps * ctx.batch();
      Workspace ws = ctx.ws();
      INDArray x = ws.matrix("dense.x." + index, rows, inSize);
      INDArray z = ws.matrix("dense.z." + index, rows, outSize);
      Workspace.put(x, in, 0, rows * inSize);
      Workspace.gemm(x, w, z, false, false);
      Workspace.get(z, out, 0, rows * outSize);
      if (bias != null) {
        for (int r = 0; r < rows; r++) {
          int off = r * outSize;
          for (int j = 0; j < outSize; j++) {
            out[off + j] += bias[j];
          }
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
      int rows = steps * ctx.batch();
      Workspace ws = ctx.ws();
      INDArray x = ws.matrix("dense.x." + index, rows, inSize);
      INDArray g = ws.matrix("dense.g." + index, rows, outSize);
      INDArray dw = ws.matrix("dense.dw." + index, inSize, outSize);
      Workspace.put(x, in, 0, rows * inSize);
      Workspace.put(g, dOut, 0, rows * outSize);
      Workspace.gemm(x, g, dw, true, false);
      Workspace.get(dw, grads.get(kernelName), 0, inSize * outSize);
      if (bias != null) {
        double[] db = new double[outSize];
        for (int r = 0; r < rows; r++) {
          int off = r * outSize;
          for (int j = 0; j < outSize; j++) {
            db[j] += dOut[off + j];
          }
        }
        float[] gb = grads.get(biasName);
        for (int j = 0; j < outSize; j++) {
          gb[j] = (float) db[j];
        }
      }
      if (dIn != null) {
        INDArray dx = ws.matrix("dense.dx." + index, rows, inSize);
        Workspace.gemm(g, w, dx, false, true);
        Workspace.get(dx, dIn, 0, rows * inSize);
      }
    }
  }
}
