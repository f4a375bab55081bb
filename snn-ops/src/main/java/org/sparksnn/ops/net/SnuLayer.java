package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spiking neural unit over time (see {@link LayerSpec.Snu}): {@code u = V_prev·(1 − y_prev)·decay +
 * x·W [+ y_prev·R]; V = g(u); y = H(V − b)}, state {@code V = y = 0} at the start. The input
 * product {@code x·W} is one GEMM over all steps (once if the input is constant); the recurrent
 * product is one GEMM per step. Backward: full BPTT through V and y, with {@code H'(s) := 1 −
 * tanh²(s)}.
 *
 * <p>{@code smooth} (a verification hook used by the gradient tests only) replaces the forward
 * {@code H(s)} by {@code tanh(s)}, whose exact derivative is the pseudo-derivative, so finite
 * differences can check the BPTT plumbing.
 */
final class SnuLayer extends Layer {
  private static final double LEAK = 0.1;

  private final int units;
  private final double decay;
  private final boolean leaky;
  private final boolean recurrent;
  private final boolean smooth;
  private final String kernelName;
  private final String biasName;
  private final String recurrentName;

  SnuLayer(int index, LayerSpec.Snu spec, int[] inShape, int[] outShape, boolean smooth) {
    super(index, spec.name(), inShape, outShape);
    this.units = spec.units();
    this.decay = spec.decay();
    this.leaky = spec.leakyRelu();
    this.recurrent = spec.recurrent();
    this.smooth = smooth;
    this.kernelName = name + "/kernel";
    this.biasName = name + "/bias";
    this.recurrentName = name + "/recurrent";
  }

  @Override
  boolean stateful() {
    return true;
  }

  @Override
  List<ParamDecl> parameters() {
    List<ParamDecl> p = new ArrayList<>();
    p.add(new ParamDecl(kernelName, new int[] {inSize, units}, Init.GLOROT, 0));
    p.add(new ParamDecl(biasName, new int[] {units}, Init.CONSTANT, 1.0));
    if (recurrent) {
      p.add(new ParamDecl(recurrentName, new int[] {units, units}, Init.GLOROT, 0));
    }
    return p;
  }

  @Override
  Run start(RunContext ctx) {
    return new SnuRun(ctx);
  }

  private double g(double u) {
    return leaky && u < 0 ? LEAK * u : u;
  }

  private double gPrime(double u) {
    return leaky && u < 0 ? LEAK : 1.0;
  }

  private double h(double s) {
    return smooth ? Math.tanh(s) : (s > 0 ? 1.0 : 0.0);
  }

  private static double hPrime(double s) {
    double th = Math.tanh(s);
    return 1 - th * th;
  }

  private final class SnuRun implements Run {
    private final RunContext ctx;
    private final INDArray w;
    private final INDArray r;
    private final float[] b;
    private final float[] v;
    private final float[] y;
    private final int n;
    private float[] uHist;
    private float[] vHist;

    SnuRun(RunContext ctx) {
      this.ctx = ctx;
      Workspace ws = ctx.ws();
      this.w = ws.matrix("snu.w." + index, inSize, units);
      Workspace.put(w, ctx.params().get(kernelName), 0, inSize * units);
      if (recurrent) {
        this.r = ws.matrix("snu.r." + index, units, units);
        Workspace.put(r, ctx.params().get(recurrentName), 0, units * units);
      } else {
        this.r = null;
      }
      this.b = ctx.params().get(biasName);
      this.n = ctx.batch() * units;
      this.v = ws.floats("snu.v." + index, n);
      this.y = ws.floats("snu.y." + index, n);
      Arrays.fill(v, 0f);
      Arrays.fill(y, 0f);
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      Workspace ws = ctx.ws();
      int rows = inSteps * ctx.batch();
      INDArray x = ws.matrix("snu.x." + index, rows, inSize);
      INDArray zm = ws.matrix("snu.z." + index, rows, units);
      Workspace.put(x, in, 0, rows * inSize);
      Workspace.gemm(x, w, zm, false, false);
      float[] z = ws.floats("snu.zf." + index, rows * units);
      Workspace.get(zm, z, 0, rows * units);
      float[] rz = recurrent ? ws.floats("snu.rz." + index, n) : null;
      if (ctx.training()) {
        uHist = ws.floats("snu.u." + index, steps * n);
        vHist = ws.floats("snu.vh." + index, steps * n);
      }
      for (int t = 0; t < steps; t++) {
        int zOff = (inSteps == 1 ? 0 : t) * n;
        if (recurrent) {
          INDArray ym = ws.matrix("snu.yp." + index, ctx.batch(), units);
          INDArray rm = ws.matrix("snu.rm." + index, ctx.batch(), units);
          Workspace.put(ym, y, 0, n);
          Workspace.gemm(ym, r, rm, false, false);
          Workspace.get(rm, rz, 0, n);
        }
        for (int k = 0; k < n; k++) {
          double u = v[k] * (1.0 - y[k]) * decay + z[zOff + k] + (recurrent ? rz[k] : 0f);
          double vk = g(u);
          float yk = (float) h(vk - b[k % units]);
          v[k] = (float) vk;
          y[k] = yk;
          out[t * n + k] = yk;
          if (uHist != null) {
            uHist[t * n + k] = (float) u;
            vHist[t * n + k] = (float) vk;
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
      Workspace ws = ctx.ws();
      int batch = ctx.batch();
      float[] dz = ws.floats("snu.dz." + index, steps * n);
      float[] dUNext = new float[n];
      float[] dYRec = recurrent ? new float[n] : null;
      double[] db = new double[units];
      for (int t = steps - 1; t >= 0; t--) {
        if (recurrent && t < steps - 1) {
          INDArray du = ws.matrix("snu.du." + index, batch, units);
          INDArray dy = ws.matrix("snu.dyr." + index, batch, units);
          Workspace.put(du, dUNext, 0, n);
          Workspace.gemm(du, r, dy, false, true);
          Workspace.get(dy, dYRec, 0, n);
        }
        int off = t * n;
        for (int k = 0; k < n; k++) {
          double vk = vHist[off + k];
          double yk = out[off + k];
          double next = t < steps - 1 ? dUNext[k] : 0.0;
          double dy = dOut[off + k] - next * vk * decay;
          if (recurrent && t < steps - 1) {
            dy += dYRec[k];
          }
          double hp = hPrime(vk - b[k % units]);
          double dv = dy * hp + next * (1.0 - yk) * decay;
          double du = dv * gPrime(uHist[off + k]);
          db[k % units] -= dy * hp;
          dz[off + k] = (float) du;
        }
        System.arraycopy(dz, off, dUNext, 0, n);
      }
      float[] gb = grads.get(biasName);
      for (int j = 0; j < units; j++) {
        gb[j] = (float) db[j];
      }
      if (recurrent) {
        // dR = Σ_t y_{t−1}ᵀ·dU_t over t ≥ 1 (y_{−1} = 0).
        int rows = (steps - 1) * batch;
        float[] gr = grads.get(recurrentName);
        if (rows == 0) {
          Arrays.fill(gr, 0f);
        } else {
          INDArray yPrev = ws.matrix("snu.yall." + index, rows, units);
          INDArray dU = ws.matrix("snu.duall." + index, rows, units);
          INDArray dr = ws.matrix("snu.dr." + index, units, units);
          Workspace.put(yPrev, out, 0, rows * units);
          dU.data().asNioFloat().put(dz, n, rows * units);
          Workspace.gemm(yPrev, dU, dr, true, false);
          Workspace.get(dr, gr, 0, units * units);
        }
      }
      float[] dzIn = dz;
      int rows = steps * batch;
      if (inSteps == 1) {
        dzIn = ws.floats("snu.dzsum." + index, n);
        for (int k = 0; k < n; k++) {
          double s = 0;
          for (int t = 0; t < steps; t++) {
            s += dz[t * n + k];
          }
          dzIn[k] = (float) s;
        }
        rows = batch;
      }
      INDArray x = ws.matrix("snu.x." + index, rows, inSize);
      Workspace.put(x, in, 0, rows * inSize);
      INDArray g = ws.matrix("snu.g." + index, rows, units);
      Workspace.put(g, dzIn, 0, rows * units);
      INDArray dw = ws.matrix("snu.dw." + index, inSize, units);
      Workspace.gemm(x, g, dw, true, false);
      Workspace.get(dw, grads.get(kernelName), 0, inSize * units);
      if (dIn != null) {
        INDArray dx = ws.matrix("snu.dx." + index, rows, inSize);
        Workspace.gemm(g, w, dx, false, true);
        Workspace.get(dx, dIn, 0, rows * inSize);
      }
    }
  }
}
