package org.sparksnn.ops.net;

import java.util.List;

/**
 * Lowpass synapse per channel: {@code y[t] = a·y[t−1] + (1 − a)·x[t]}, {@code a = exp(−dt/max(tau,
 * 1e−8))}, {@code y[−1] = initialLevel}; no extra delay. Tau is the parameter {@code <layer>/tau}
 * of shape {@code [channels]}; its gradient flows through {@code a} ({@code ∂a/∂tau = a·dt/tau²}
 * while {@code tau > 1e−8}, else 0) and is zero if not trainable.
 */
final class LowpassLayer extends Layer {
  private final double initialTau;
  private final boolean trainable;
  private final double initialLevel;
  private final int channels;
  private final String tauName;

  LowpassLayer(int index, LayerSpec.Lowpass spec, int[] shape) {
    super(index, spec.name(), shape, shape);
    this.initialTau = spec.tau();
    this.trainable = spec.trainable();
    this.initialLevel = spec.initialLevel();
    this.channels = shape[shape.length - 1];
    this.tauName = name + "/tau";
  }

  @Override
  boolean stateful() {
    return true;
  }

  @Override
  List<ParamDecl> parameters() {
    return List.of(new ParamDecl(tauName, new int[] {channels}, Init.CONSTANT, initialTau));
  }

  /** The smoothing factor {@code a} for one tau. */
  static double smoothing(double tau, double dt) {
    return Math.exp(-dt / Math.max(tau, 1e-8));
  }

  /**
   * In evaluation, the decay {@code a} of this filter if it may be applied after the linear layer
   * that follows it instead ({@link EvaluationPlan}): its initial level is 0 and {@code params}
   * holds one tau for all its channels. Else NaN.
   */
  double commutingDecay(ParameterSet params, double dt) {
    if (initialLevel != 0) {
      return Double.NaN;
    }
    float[] taus = params.get(tauName);
    for (float t : taus) {
      if (Float.compare(t, taus[0]) != 0) {
        return Double.NaN;
      }
    }
    return smoothing(taus[0], dt);
  }

  /**
   * A run that passes its input through: this layer's place in an evaluation whose filter {@link
   * EvaluationPlan} moved behind the next linear layer. The runners give it its input array as its
   * output (nothing to do); another output array gets a copy. Evaluation only.
   */
  Run passThrough(RunContext ctx) {
    return new EvaluationRun(name) {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        if (in == out) {
          return;
        }
        int n = ctx.batch() * outSize;
        for (int t = 0; t < steps; t++) {
          System.arraycopy(in, (inSteps == 1 ? 0 : t) * n, out, t * n, n);
        }
      }
    };
  }

  /**
   * One step of a filter with the same decay for every element, over {@code n} elements: {@code
   * y[k] = (float) (a·y[k] + keep·in[inOff + k]); out[outOff + k] = y[k]} ({@code in} and {@code
   * out} may be the same array at the same offset). The same bits with and without the vector
   * loops.
   */
  static void stepUniform(
      float[] y,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      int n,
      double a,
      double keep,
      boolean vectorLoops) {
    int k = vectorLoops ? VectorLoops.lowpassUniform(y, in, inOff, out, outOff, n, a, keep) : 0;
    for (; k < n; k++) {
      y[k] = (float) (a * y[k] + keep * in[inOff + k]);
      out[outOff + k] = y[k];
    }
  }

  private static boolean sameForAllChannels(double[] factor) {
    for (double f : factor) {
      if (f != factor[0]) {
        return false;
      }
    }
    return true;
  }

  @Override
  Run start(RunContext ctx) {
    float[] taus = ctx.params().get(tauName);
    double[] a = new double[channels];
    double[] keep = new double[channels];
    for (int c = 0; c < channels; c++) {
      a[c] = smoothing(taus[c], ctx.dt());
      keep[c] = 1 - a[c];
    }
    int n = ctx.batch() * outSize;
    float[] y = ctx.ws().floats("lowpass.y." + index, n);
    java.util.Arrays.fill(y, (float) initialLevel);
    boolean vectorLoops = Simd.forRun(ctx);
    boolean sameFactors = sameForAllChannels(a) && sameForAllChannels(keep);
    return new Run() {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        for (int t = 0; t < steps; t++) {
          int inOff = (inSteps == 1 ? 0 : t) * n;
          int outOff = t * n;
          if (vectorLoops && sameFactors) {
            // one tau for all channels (the usual case): no factor arrays to load
            stepUniform(y, in, inOff, out, outOff, n, a[0], keep[0], true);
            continue;
          }
          if (vectorLoops) {
            VectorLoops.lowpass(y, in, inOff, out, outOff, n, channels, a, keep);
            continue;
          }
          // rows of `channels` values: no per-element modulo
          for (int row = 0; row < n; row += channels) {
            for (int c = 0; c < channels; c++) {
              int k = row + c;
              y[k] = (float) (a[c] * y[k] + keep[c] * in[inOff + k]);
              out[outOff + k] = y[k];
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
        double[] carry = new double[n];
        double[] da = new double[channels];
        if (dIn != null && inSteps == 1) {
          java.util.Arrays.fill(dIn, 0, n, 0f);
        }
        for (int t = steps - 1; t >= 0; t--) {
          int inOff = (inSteps == 1 ? 0 : t) * n;
          int off = t * n;
          for (int k = 0, c = 0; k < n; k++, c = c + 1 == channels ? 0 : c + 1) {
            double g = dOut[off + k] + a[c] * carry[k];
            double prev = t == 0 ? initialLevel : out[off - n + k];
            da[c] += g * (prev - in[inOff + k]);
            if (dIn != null) {
              float dx = (float) ((1 - a[c]) * g);
              if (inSteps == 1) {
                dIn[k] += dx;
              } else {
                dIn[off + k] = dx;
              }
            }
            carry[k] = g;
          }
        }
        float[] gTau = grads.get(tauName);
        for (int c = 0; c < channels; c++) {
          double tau = taus[c];
          gTau[c] = trainable && tau > 1e-8 ? (float) (da[c] * a[c] * ctx.dt() / (tau * tau)) : 0f;
        }
      }
    };
  }
}
