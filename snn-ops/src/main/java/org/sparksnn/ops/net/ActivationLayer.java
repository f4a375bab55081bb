package org.sparksnn.ops.net;

import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronState;

/**
 * A neuron nonlinearity over time with {@code scale_firing_rates} s: the neuron sees {@code s·J},
 * the output is divided by s. Forward: the neuron's step (evaluation, or spiking-aware training) or
 * its rate function (training with {@code spikingAwareTraining = false}). Backward
 * (straight-through): {@code ∂out/∂J = r'(s·J)} at every step, no gradient through the voltage.
 */
final class ActivationLayer extends Layer {
  private final NeuronModel model;
  private final double scale;
  private final boolean spikingAware;
  private final RateRegularizer regularizer;
  private final InitialVoltage init;

  ActivationLayer(
      int index, LayerSpec.Activation spec, int[] shape, NeuronModel model, InitialVoltage init) {
    super(index, spec.name(), shape, shape);
    this.model = model;
    this.scale = spec.scaleFiringRates();
    this.spikingAware = spec.spikingAwareTraining();
    this.regularizer = spec.regularizer();
    this.init = init;
  }

  @Override
  boolean stateful() {
    return true;
  }

  @Override
  NeuronModel neuron() {
    return model;
  }

  @Override
  Run start(RunContext ctx) {
    boolean useStep = !ctx.training() || spikingAware || !model.spiking();
    return new ActivationRun(ctx, useStep);
  }

  private final class ActivationRun implements Run {
    private final RunContext ctx;
    private final boolean useStep;
    private final NeuronState state;
    private final float[] current;
    private final float[] spikes;
    private double regLoss;

    ActivationRun(RunContext ctx, boolean useStep) {
      this.ctx = ctx;
      this.useStep = useStep;
      int n = ctx.batch() * outSize;
      this.state = useStep ? model.newState(ctx.sampleIds(), outSize, init) : null;
      this.current = useStep ? ctx.ws().floats("act.cur." + index, n) : null;
      this.spikes = useStep ? ctx.ws().floats("act.out." + index, n) : null;
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int n = ctx.batch() * outSize;
      double dt = ctx.dt();
      for (int t = 0; t < steps; t++) {
        int inOff = (inSteps == 1 ? 0 : t) * n;
        int outOff = t * n;
        if (useStep && scale == 1.0) {
          float[] j = in;
          if (inOff != 0 || in.length != n) {
            System.arraycopy(in, inOff, current, 0, n);
            j = current;
          }
          model.step(dt, j, spikes, state);
          System.arraycopy(spikes, 0, out, outOff, n);
        } else if (useStep) {
          for (int k = 0; k < n; k++) {
            current[k] = (float) (scale * in[inOff + k]);
          }
          model.step(dt, current, spikes, state);
          for (int k = 0; k < n; k++) {
            out[outOff + k] = (float) (spikes[k] / scale);
          }
        } else {
          for (int k = 0; k < n; k++) {
            out[outOff + k] = (float) (model.rate(scale * in[inOff + k], dt) / scale);
          }
        }
      }
      if (ctx.training() && regularizer != null) {
        double loss = 0;
        for (int k = 0; k < n; k++) {
          loss += regularizer.penalty(meanRate(out, k, n, steps));
        }
        regLoss = loss;
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
      if (dIn == null) {
        return;
      }
      int n = ctx.batch() * outSize;
      double dt = ctx.dt();
      float[] regGrad = null;
      if (regularizer != null) {
        regGrad = ctx.ws().floats("act.reg." + index, n);
        for (int k = 0; k < n; k++) {
          regGrad[k] = (float) (regularizer.penaltyDerivative(meanRate(out, k, n, steps)) / steps);
        }
      }
      if (inSteps == 1) {
        for (int k = 0; k < n; k++) {
          double slope = model.rateDerivative(scale * in[k], dt);
          double sum = 0;
          for (int t = 0; t < steps; t++) {
            float g = dOut[t * n + k];
            if (regGrad != null) {
              g += regGrad[k];
            }
            sum += (float) (g * slope);
          }
          dIn[k] = (float) sum;
        }
      } else {
        for (int t = 0; t < steps; t++) {
          int off = t * n;
          for (int k = 0; k < n; k++) {
            float g = dOut[off + k];
            if (regGrad != null) {
              g += regGrad[k];
            }
            dIn[off + k] = (float) (g * model.rateDerivative(scale * in[off + k], dt));
          }
        }
      }
    }

    @Override
    public double regularizationLoss() {
      return regLoss;
    }
  }

  private static double meanRate(float[] out, int k, int n, int steps) {
    double s = 0;
    for (int t = 0; t < steps; t++) {
      s += out[t * n + k];
    }
    return s / steps;
  }
}
