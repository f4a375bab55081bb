package org.sparksnn.ops.net;

import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronState;
import org.sparksnn.ops.neuron.SpikingRelu;

/**
 * A neuron nonlinearity over time with {@code scale_firing_rates} s: the neuron sees {@code s·J},
 * the output is divided by s. Forward: the neuron's step (evaluation, or spiking-aware training) or
 * its rate function (training with {@code spikingAwareTraining = false}). Backward
 * (straight-through): {@code ∂out/∂J = r'(s·J)} at every step, no gradient through the voltage.
 */
final class ActivationLayer extends Layer {
  /** Spike counts per step whose spiking-relu output is looked up rather than computed. */
  private static final int OUTPUT_TABLE = 64;

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
    /** Set by {@link #holdInput}: the input of every forward call is the same. */
    private boolean inputHeld;
    /** True once the spiking-relu drive of the held input is computed. */
    private boolean driveReady;
    /** Spiking relu: the output of 0, 1, 2, … spikes in one step (see {@link #outputTable}). */
    private float[] outputs;
    /** Whether the step with output runs in {@link VectorLoops} (see {@link Simd#forRun}). */
    private final boolean vectorLoops;

    ActivationRun(RunContext ctx, boolean useStep) {
      this.ctx = ctx;
      this.useStep = useStep;
      this.vectorLoops = Simd.forRun(ctx);
      int n = ctx.batch() * outSize;
      if (useStep) {
        // the state of this layer's previous batch in the runner, reused where the model can
        StateSlot slot = ctx.ws().scratch("act.state." + index, StateSlot.class, StateSlot::new);
        InitialVoltage draw = ctx.training() ? init.atTrainingStep(ctx.trainingStep()) : init;
        this.state = slot.next(model, ctx.sampleIds(), outSize, draw);
      } else {
        this.state = null;
      }
      this.current = useStep ? ctx.ws().floats("act.cur." + index, n) : null;
      this.spikes = useStep ? ctx.ws().floats("act.out." + index, n) : null;
    }

    @Override
    public void holdInput() {
      inputHeld = true;
    }

    @Override
    public void forward(float[] in, int inSteps, float[] out, int steps) {
      int n = ctx.batch() * outSize;
      double dt = ctx.dt();
      if (useStep && model instanceof SpikingRelu sr) {
        spikingReluSteps(sr.amplitude(), dt, in, inSteps, out, steps, n, 0);
      } else {
        genericSteps(dt, in, inSteps, out, steps, n);
      }
      if (ctx.training() && regularizer != null) {
        double loss = 0;
        switch (regularizer.scope()) {
          case EVERY_STEP -> {
            for (int k = 0; k < steps * n; k++) {
              loss += regularizer.penalty(out[k]);
            }
          }
          case LAST_STEP -> {
            int last = (steps - 1) * n;
            for (int k = 0; k < n; k++) {
              loss += regularizer.penalty(out[last + k]);
            }
          }
          case MEAN_RATE -> {
            for (int k = 0; k < n; k++) {
              loss += regularizer.penalty(meanRate(out, k, n, steps));
            }
          }
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
      // regGrad is either [steps * n] (every step) or [n], added at every step (mean rate) or at
      // the last step only
      float[] regGrad = null;
      RateRegularizer.Scope scope = regularizer == null ? null : regularizer.scope();
      boolean perStep = scope == RateRegularizer.Scope.EVERY_STEP;
      int regFrom = 0;
      if (perStep) {
        regGrad = ctx.ws().floats("act.reg." + index, steps * n);
        for (int k = 0; k < steps * n; k++) {
          regGrad[k] = (float) regularizer.penaltyDerivative(out[k]);
        }
      } else if (scope == RateRegularizer.Scope.LAST_STEP) {
        regGrad = ctx.ws().floats("act.reg." + index, n);
        int last = (steps - 1) * n;
        for (int k = 0; k < n; k++) {
          regGrad[k] = (float) regularizer.penaltyDerivative(out[last + k]);
        }
        regFrom = steps - 1;
      } else if (regularizer != null) {
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
            if (regGrad != null && t >= regFrom) {
              g += regGrad[perStep ? t * n + k : k];
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
            if (regGrad != null && t >= regFrom) {
              g += regGrad[perStep ? off + k : k];
            }
            dIn[off + k] = (float) (g * model.rateDerivative(scale * in[off + k], dt));
          }
        }
      }
    }

    /**
     * {@link SpikingRelu#step} fused over the steps, with this layer's firing-rate scale {@code s}
     * (the same operations in the same order as {@link #genericSteps}, so bit-identical: the
     * current is {@code (float) (s·J)}, the output {@code (float) ((float) value / s)}, both exact
     * identities for {@code s = 1}): with a constant input the drive {@code max(s·J, 0)·dt} is
     * computed once. Steps before {@code outputFrom} only update the voltage and leave their output
     * block unwritten ({@code outputFrom = steps}: no output at all).
     */
    private void spikingReluSteps(
        double amplitude,
        double dt,
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        int n,
        int outputFrom) {
      double[] v = state.voltage;
      double[] drive = ctx.ws().doubles("act.drive." + index, n);
      if (outputs == null) {
        outputs = outputTable(amplitude, dt);
      }
      for (int t = 0; t < steps; t++) {
        boolean held = inSteps == 1 && inputHeld && driveReady; // computed in an earlier call
        if ((t == 0 && !held) || inSteps != 1) {
          driveReady = inSteps == 1 && inputHeld;
          computeDrive(in, (inSteps == 1 ? 0 : t) * n, drive, n, dt);
        }
        if (t < outputFrom) {
          advanceVoltage(v, drive, n);
        } else {
          stepWithOutput(v, drive, out, t * n, n, amplitude, dt);
        }
      }
    }

    // The loops below are methods of their own so that the JIT compiles each on its own profile:
    // evaluation (one step per call, held input) and training (many steps per call) take
    // different branches above, and a recompilation of that method for one of them does not send
    // the loops back to slow code.

    /** {@code drive = max(s·J, 0)·dt} for the {@code n} currents of {@code in} from {@code inOff}. */
    private void computeDrive(float[] in, int inOff, double[] drive, int n, double dt) {
      int from = vectorLoops ? VectorLoops.drive(in, inOff, drive, n, dt, scale) : 0;
      if (scale == 1.0) {
        for (int k = from; k < n; k++) {
          drive[k] = Math.max((double) in[inOff + k], 0.0) * dt;
        }
      } else {
        for (int k = from; k < n; k++) {
          drive[k] = Math.max((double) (float) (scale * in[inOff + k]), 0.0) * dt;
        }
      }
    }

    /** One step of voltage only, {@code v = frac(v + drive)} (it vectorizes). */
    private static void advanceVoltage(double[] v, double[] drive, int n) {
      for (int k = 0; k < n; k++) {
        double vk = v[k] + drive[k];
        v[k] = vk - Math.floor(vk);
      }
    }

    /**
     * One step with its output at {@code out[outOff ..]}: in {@link VectorLoops} where it can, else
     * each spike count's output is looked up (no data-dependent branch: spiking-aware training at
     * large dt has dense counts); NaN and counts past the table are computed.
     */
    private void stepWithOutput(
        double[] v, double[] drive, float[] out, int outOff, int n, double amplitude, double dt) {
      float[] table = outputs;
      int k =
          vectorLoops
              ? VectorLoops.spikingReluStep(
                  v, drive, out, outOff, n, amplitude, dt, scale, table[0], !ctx.training())
              : 0;
      for (; k < n; k++) {
        double vk = v[k] + drive[k];
        double count = Math.floor(vk);
        v[k] = vk - count;
        out[outOff + k] =
            count < table.length ? table[(int) count] : spikeOutput(amplitude, dt, count);
      }
    }

    /**
     * The float output of {@code count} spikes in one step with this layer's scale: {@code (float)
     * (amplitude·count/dt)}, then divided by the scale and rounded again when it is not 1 — the
     * operations of {@link #genericSteps} in the same order.
     */
    private float spikeOutput(double amplitude, double dt, double count) {
      double value = amplitude * count / dt;
      return scale == 1.0 ? (float) value : (float) ((float) value / scale);
    }

    /** {@link #spikeOutput} for the counts 0 to {@link #OUTPUT_TABLE} − 1. */
    private float[] outputTable(double amplitude, double dt) {
      float[] table = new float[OUTPUT_TABLE];
      for (int c = 0; c < table.length; c++) {
        table[c] = spikeOutput(amplitude, dt, c);
      }
      return table;
    }

    private void genericSteps(double dt, float[] in, int inSteps, float[] out, int steps, int n) {
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
    }

    /**
     * Spiking relu whose output no regularizer reads: only the voltage update (it vectorizes), no
     * output.
     */
    @Override
    public void advance(float[] in, int inSteps, float[] out, int steps) {
      if ((regularizer == null || !ctx.training()) && useStep && model instanceof SpikingRelu sr) {
        int n = ctx.batch() * outSize;
        spikingReluSteps(sr.amplitude(), ctx.dt(), in, inSteps, out, steps, n, steps);
      } else {
        forward(in, inSteps, out, steps);
      }
    }

    /** Skips the output of the earlier steps for spiking relu without a regularizer. */
    @Override
    public void forwardLastOutput(float[] in, int inSteps, float[] out, int steps) {
      if (regularizer == null && useStep && model instanceof SpikingRelu sr) {
        int n = ctx.batch() * outSize;
        spikingReluSteps(sr.amplitude(), ctx.dt(), in, inSteps, out, steps, n, steps - 1);
      } else {
        forward(in, inSteps, out, steps);
      }
    }

    /**
     * With a constant input and no regularizer: {@code ∂loss/∂out} is zero except at the last step,
     * so {@code dIn = (float) (0.0 + (float) (dOutLast·slope))}, the same value as {@link
     * #backward} with zeros at the earlier steps.
     */
    @Override
    public void backwardLastStep(
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        float[] dOutLast,
        float[] dOutScratch,
        float[] dIn,
        ParameterSet grads) {
      if (dIn == null) {
        return;
      }
      if (inSteps != 1 || regularizer != null) {
        Layer.Run.super.backwardLastStep(
            in, inSteps, out, steps, dOutLast, dOutScratch, dIn, grads);
        return;
      }
      int n = ctx.batch() * outSize;
      double dt = ctx.dt();
      if (scale == 1.0 && model instanceof SpikingRelu sr && sr.amplitude() == 1.0) {
        // slope = [J > 0] as 1.0 or 0.0: (float) (0.0 + (float) (g·slope)) is g·1f + 0f or
        // g·0f + 0f (+0, or NaN for a non-finite g). The slope as a float without a branch, so
        // that the loop vectorizes (a branch on the sign of J, true for about half the neurons,
        // kept it scalar).
        for (int k = 0; k < n; k++) {
          dIn[k] = dOutLast[k] * reluSlope(in[k]) + 0f;
        }
        return;
      }
      for (int k = 0; k < n; k++) {
        double slope = model.rateDerivative(scale * in[k], dt);
        double sum = 0;
        sum += (float) (dOutLast[k] * slope);
        dIn[k] = (float) sum;
      }
    }

    @Override
    public double regularizationLoss() {
      return regLoss;
    }
  }

  /**
   * The neuron states a runner keeps for one activation layer between batches: one per batch size
   * for the {@link Workspace#SHAPES_PER_KEY} most recently used sizes, like the workspace's
   * buffers.
   */
  private static final class StateSlot {
    private final RecentlyUsed<NeuronState> kept = new RecentlyUsed<>();

    /** The state of a batch of {@code sampleIds}, reusing the kept one of its size if any. */
    NeuronState next(NeuronModel model, long[] sampleIds, int neurons, InitialVoltage init) {
      int size = sampleIds.length * neurons;
      NeuronState previous = kept.take(s -> s.size() == size);
      return kept.use(model.newState(sampleIds, neurons, init, previous));
    }
  }

  /**
   * {@code x > 0 ? 1f : 0f} without a branch for every non-NaN {@code x}: {@code x·2¹²⁶·2¹²⁶} is
   * at least 1 for the smallest positive subnormal, infinite for large {@code x}, and ±0 or
   * negative otherwise. A NaN {@code x} gives NaN (a NaN current makes the batch's loss NaN, and
   * the trainer refuses that step).
   */
  static float reluSlope(float x) {
    return Math.min(Math.max(x * 0x1p126f * 0x1p126f, 0f), 1f);
  }

  private static double meanRate(float[] out, int k, int n, int steps) {
    double s = 0;
    for (int t = 0; t < steps; t++) {
      s += out[t * n + k];
    }
    return s / steps;
  }
}
