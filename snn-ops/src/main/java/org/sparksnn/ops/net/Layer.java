package org.sparksnn.ops.net;

import java.util.List;
import org.sparksnn.ops.neuron.NeuronModel;

/**
 * A compiled layer: shapes, declared parameters, and a factory of per-batch runs. Sequences are
 * time-major float rows: {@code [steps × batch × size]}.
 */
abstract class Layer {
  final int index;
  final String name;
  final int[] inShape;
  final int[] outShape;
  final int inSize;
  final int outSize;

  Layer(int index, String name, int[] inShape, int[] outShape) {
    this.index = index;
    this.name = name;
    this.inShape = inShape.clone();
    this.outShape = outShape.clone();
    this.inSize = ParameterSet.product(inShape);
    this.outSize = ParameterSet.product(outShape);
  }

  /** True if the output depends on earlier steps or is not a function of one step's input. */
  boolean stateful() {
    return false;
  }

  /** Parameters of this layer in order (names are {@code <layer>/<kind>}). */
  List<ParamDecl> parameters() {
    return List.of();
  }

  /** The neuron model of an activation layer, else null. */
  NeuronModel neuron() {
    return null;
  }

  /** Starts a run over one batch. */
  abstract Run start(RunContext ctx);

  /** A declared parameter: name, shape, and how to initialise it. */
  record ParamDecl(String name, int[] shape, Init init, double value) {}

  /** Initialisation kinds. */
  enum Init {
    /** Glorot uniform with the given fan in/out (from the shape). */
    GLOROT,
    /** Constant {@code value}. */
    CONSTANT
  }

  /**
   * Per-batch, per-call values shared by all layers. {@code trainingStep} is the optimizer step a
   * training batch belongs to ({@code >= 0}; keys initial voltages drawn per training step), -1 in
   * evaluation.
   */
  record RunContext(
      ParameterSet params,
      long[] sampleIds,
      int batch,
      boolean training,
      double dt,
      Workspace ws,
      long trainingStep) {

    /** A context of training step 0 in training, or of evaluation. */
    RunContext(
        ParameterSet params,
        long[] sampleIds,
        int batch,
        boolean training,
        double dt,
        Workspace ws) {
      this(params, sampleIds, batch, training, dt, ws, training ? 0 : -1);
    }
  }

  /**
   * A run of an evaluation-only form of a layer ({@link EvaluationPlan}: a synapse moved behind the
   * next linear layer; the direct convolution kernels): it has no backward pass.
   */
  abstract static class EvaluationRun implements Run {
    private final String layer;

    EvaluationRun(String layer) {
      this.layer = layer;
    }

    @Override
    public final void backward(
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        float[] dOut,
        float[] dIn,
        ParameterSet grads) {
      throw new UnsupportedOperationException(
          "layer '" + layer + "': this form of the layer runs in evaluation only");
    }
  }

  /** One batch's run of a layer; holds the layer's state between forward calls. */
  interface Run {
    /**
     * Advances {@code steps} time steps. {@code in} holds {@code inSteps × batch × inSize} values
     * where {@code inSteps} is {@code steps} or 1 (an input constant over the steps, only for
     * stateful layers); writes {@code steps × batch × outSize} values into {@code out}.
     */
    void forward(float[] in, int inSteps, float[] out, int steps);

    /**
     * Promises that every later {@link #forward} call of this run passes the same input, with
     * unchanged content (evaluation of a time-invariant input, streamed one step per call), so the
     * layer may reuse what it derived from that input. The default ignores it.
     */
    default void holdInput() {}

    /**
     * {@link #forward} for a caller that reads only the last step's output block (and passes the
     * same {@code out} to {@link #backwardLastStep}); the earlier blocks may be left unwritten. The
     * default writes them all.
     */
    default void forwardLastOutput(float[] in, int inSteps, float[] out, int steps) {
      forward(in, inSteps, out, steps);
    }

    /**
     * {@link #forward} for a caller that reads none of this call's output (streamed evaluation,
     * where the layers after this one run only at the last step): the state advances exactly as
     * {@code forward} advances it; {@code out} is scratch whose content is unspecified afterwards.
     * The default writes it.
     */
    default void advance(float[] in, int inSteps, float[] out, int steps) {
      forward(in, inSteps, out, steps);
    }

    /**
     * Backpropagates through the {@code steps} of the single preceding {@link #forward} call:
     * writes the layer's parameter gradients into {@code grads} (overwriting) and, if {@code dIn}
     * is non-null, {@code ∂loss/∂in} ({@code inSteps × batch × inSize}, overwriting; summed over
     * steps when {@code inSteps} is 1).
     */
    void backward(
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        float[] dOut,
        float[] dIn,
        ParameterSet grads);

    /**
     * {@link #backward} when {@code ∂loss/∂out} is zero at every step but the last: {@code
     * dOutLast} holds that step's {@code batch × outSize} block. The default writes the full
     * sequence into {@code dOutScratch} ({@code steps × batch × outSize}) and calls {@link
     * #backward}; layers override it where the zeros can be skipped with the same result.
     */
    default void backwardLastStep(
        float[] in,
        int inSteps,
        float[] out,
        int steps,
        float[] dOutLast,
        float[] dOutScratch,
        float[] dIn,
        ParameterSet grads) {
      int block = dOutScratch.length / steps;
      java.util.Arrays.fill(dOutScratch, 0, (steps - 1) * block, 0f);
      System.arraycopy(dOutLast, 0, dOutScratch, (steps - 1) * block, block);
      backward(in, inSteps, out, steps, dOutScratch, dIn, grads);
    }

    /** The regularization loss of the last forward call, summed over the batch. */
    default double regularizationLoss() {
      return 0;
    }
  }
}
