package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.loss.Loss;

/**
 * Runs a {@link Network} over {@code steps} time steps of {@code dt}: streaming evaluation and
 * backpropagation through time. Holds reusable buffers, so it is not thread-safe: use one runner
 * per thread (per Spark task).
 *
 * <p>Evaluation streams through time: per step it runs every layer once on {@code [batch ×
 * features]}, keeps only each layer's state, and reports the step to a {@link StepListener}, so
 * memory does not grow with {@code steps}. Training runs layer by layer over the whole sequence
 * ({@code [steps·batch × features]} in one GEMM per dense or conv layer) and keeps each layer's
 * output for the backward pass.
 *
 * <p>With a {@link InputSource#timeInvariant()} input, the layers before the first stateful layer
 * (activation or lowpass) run once per batch; the result is bit-identical to feeding the same input
 * at every step in {@link #evaluate}.
 *
 * <p>In evaluation, a synapse (lowpass layer of initial level 0 and one tau) directly before a
 * dense layer (flatten layers between them allowed) is applied to that layer's outputs instead of
 * its inputs: a linear layer commutes with the filter, so the values are the same up to rounding,
 * and the dense layer multiplies the spikes themselves, a fraction of the work. Training keeps
 * every layer in place; {@code -Dsparksnn.commuteSynapses=false} does so in evaluation too.
 */
public final class NetworkRunner {
  private final Network network;
  private final List<Layer> layers;
  private final Workspace ws = new Workspace();

  /** A runner for {@code network}. */
  public NetworkRunner(Network network) {
    this.network = Checks.notNull("NetworkRunner.network", network);
    this.layers = network.layers();
  }

  /** The network this runner runs. */
  public Network network() {
    return network;
  }

  /** This runner's buffers (kept across batches). */
  Workspace workspace() {
    return ws;
  }

  /**
   * Streams one batch through all steps in evaluation mode (every neuron uses its step function)
   * and returns the readout {@code [batch × outputSize]}.
   *
   * @param params weights (layout of {@link Network#parameterShapes()})
   * @param input the input source ({@code size() == network.inputSize()})
   * @param sampleIds the rows of the batch (keys of the input and of initial voltages)
   * @param listener called after each step, or null
   */
  public float[] evaluate(
      ParameterSet params, InputSource input, long[] sampleIds, StepListener listener) {
    checkInput(input);
    BatchEvaluation ev = new BatchEvaluation(params, input, sampleIds, listener);
    for (int t = 0; t < ev.steps; t++) {
      ev.step(t);
    }
    return ev.readout.value.clone();
  }

  /**
   * One batch of {@link #evaluate}: its layers started (the set-up, once per batch) and {@link
   * #step} (the work, once per step). The step is a method of its own so that the JIT compiler
   * compiles the per-step calls alone, early and quickly, not the set-up inlined around them
   * (BENCHMARKS.md, session 30).
   */
  private final class BatchEvaluation {
    final int steps;
    final int n;
    final InputSource input;
    final long[] sampleIds;
    final StepListener listener;
    final List<Layer.Run> runs = new ArrayList<>();
    final float[][] outs;
    final float[] x;
    final boolean invariant;
    final int constantUpTo;
    /**
     * Without a listener, the layers from here on run at the last step only ({@link
     * #lastStepTail}).
     */
    final int tail;
    final ReadoutState readout;
    final View view;

    BatchEvaluation(
        ParameterSet params, InputSource input, long[] sampleIds, StepListener listener) {
      this.input = input;
      this.sampleIds = sampleIds;
      this.listener = listener;
      NetworkSpec spec = network.spec();
      int batch = sampleIds.length;
      this.steps = spec.steps();
      Layer.RunContext ctx =
          new Layer.RunContext(params, sampleIds, batch, false, spec.dt(), ws);
      network.validateLayout(params);
      EvaluationPlan plan = EvaluationPlan.of(network, params);
      for (Layer l : layers) {
        runs.add(plan.start(l, ctx));
      }
      this.n = layers.size();
      this.outs = new float[n][];
      for (int i = 0; i < n; i++) {
        // a synapse moved behind the next dense layer passes its input through: the same array
        outs[i] =
            i > 0 && plan.movedTo(i) >= 0
                ? outs[i - 1]
                : ws.floats("eval.out." + i, batch * layers.get(i).outSize);
      }
      this.x = ws.floats("eval.in", batch * network.inputSize());
      this.invariant = input.timeInvariant();
      this.constantUpTo =
          invariant ? (network.firstStatefulLayer() < 0 ? n : network.firstStatefulLayer()) : 0;
      int classes = network.outputSize();
      this.readout = new ReadoutState(spec, batch * classes);
      this.view = new View(batch, outs, readout.value);
      // Without a listener, a last-step readout needs the stateless layers after the last stateful
      // one only at the last step.
      this.tail = listener == null ? lastStepTail(constantUpTo, plan) : n;
      if (invariant && constantUpTo < n) {
        runs.get(constantUpTo).holdInput(); // its input is computed once, at t = 0
      }
    }

    void step(int t) {
      if (!invariant || t == 0) {
        input.fill(sampleIds, t, x);
        for (int i = 0; i < constantUpTo; i++) {
          runs.get(i).forward(i == 0 ? x : outs[i - 1], 1, outs[i], 1);
        }
      }
      int upTo = t == steps - 1 ? n : tail;
      for (int i = constantUpTo; i < upTo; i++) {
        float[] in = i == 0 ? x : outs[i - 1];
        if (upTo < n && i == upTo - 1) {
          runs.get(i).advance(in, 1, outs[i], 1); // only the tail reads it, at the last step
        } else {
          runs.get(i).forward(in, 1, outs[i], 1);
        }
      }
      if (upTo < n) {
        return;
      }
      readout.update(outs[n - 1], 0, t);
      if (listener != null) {
        listener.onStep(t, view);
      }
    }
  }

  /**
   * The training loss of one batch without gradients (the training-mode forward pass: rate
   * functions where {@code spikingAwareTraining} is false).
   */
  public GradientResult loss(
      ParameterSet params, InputSource input, long[] sampleIds, int[] labels, Loss loss) {
    return run(params, input, sampleIds, labels, loss, null, 0);
  }

  /**
   * Forward and backward pass of one batch in training mode, as training step 0; the gradient and
   * losses are summed over the rows (see {@link GradientResult}).
   */
  public GradientResult gradient(
      ParameterSet params, InputSource input, long[] sampleIds, int[] labels, Loss loss) {
    return run(params, input, sampleIds, labels, loss, params.zerosLike(), 0);
  }

  /**
   * {@link #gradient(ParameterSet, InputSource, long[], int[], Loss)} into the caller's {@code
   * grads} (same layout as {@code params}; zeroed first and overwritten), which the result then
   * holds: a trainer reuses one set for every step instead of allocating one per step.
   *
   * @param trainingStep the optimizer step this batch belongs to, {@code >= 0} (initial voltages
   *     drawn per training step are keyed by it)
   */
  public GradientResult gradient(
      ParameterSet params,
      InputSource input,
      long[] sampleIds,
      int[] labels,
      Loss loss,
      ParameterSet grads,
      long trainingStep) {
    Checks.check(
        grads.sameLayout(params),
        "NetworkRunner.grads",
        "must have the parameters' names and shapes",
        grads.names());
    Checks.check(trainingStep >= 0, "NetworkRunner.trainingStep", "must be >= 0", trainingStep);
    grads.fill(0f);
    return run(params, input, sampleIds, labels, loss, grads, trainingStep);
  }

  private GradientResult run(
      ParameterSet params,
      InputSource input,
      long[] sampleIds,
      int[] labels,
      Loss loss,
      ParameterSet grads,
      long trainingStep) {
    boolean backward = grads != null;
    checkInput(input);
    Checks.check(
        labels.length == sampleIds.length,
        "NetworkRunner.labels.length",
        "must equal sampleIds.length " + sampleIds.length,
        labels.length);
    NetworkSpec spec = network.spec();
    int batch = sampleIds.length;
    int steps = spec.steps();
    int n = layers.size();
    Layer.RunContext ctx =
        new Layer.RunContext(params, sampleIds, batch, true, spec.dt(), ws, trainingStep);
    List<Layer.Run> runs = start(ctx);

    boolean invariant = input.timeInvariant();
    int inSize = network.inputSize();
    int inputSteps = invariant ? 1 : steps;
    float[] x = ws.floats("train.in", inputSteps * batch * inSize);
    if (invariant) {
      input.fill(sampleIds, 0, x);
    } else {
      float[] step = ws.floats("train.step", batch * inSize);
      for (int t = 0; t < steps; t++) {
        input.fill(sampleIds, t, step);
        System.arraycopy(step, 0, x, t * batch * inSize, batch * inSize);
      }
    }
    int[] outSteps = new int[n];
    float[][] outs = new float[n][];
    // A last-step readout needs the stateless layers after the last stateful one only at the last
    // step (layer `tail` then reads the last step of its input, `tailIn`).
    int tail = lastStepTail(0, EvaluationPlan.layerByLayer(network));
    float[] tailIn = null;
    double regLoss = 0;
    for (int i = 0; i < n; i++) {
      Layer l = layers.get(i);
      int prevSteps = i == 0 ? inputSteps : outSteps[i - 1];
      float[] in = i == 0 ? x : outs[i - 1];
      if (i == tail && prevSteps == steps) {
        int block = batch * l.inSize;
        tailIn = ws.floats("train.tail.in", block);
        System.arraycopy(in, (steps - 1) * block, tailIn, 0, block);
        in = tailIn;
        prevSteps = 1;
      }
      outSteps[i] = l.stateful() ? steps : prevSteps;
      outs[i] = ws.floats("train.out." + i, outSteps[i] * batch * l.outSize);
      if (i + 1 == tail && outSteps[i] == steps) {
        runs.get(i).forwardLastOutput(in, prevSteps, outs[i], outSteps[i]);
      } else {
        runs.get(i).forward(in, prevSteps, outs[i], outSteps[i]);
      }
      regLoss += runs.get(i).regularizationLoss();
    }
    int classes = network.outputSize();
    ReadoutState readout = new ReadoutState(spec, batch * classes);
    int lastSteps = outSteps[n - 1];
    for (int t = 0; t < steps; t++) {
      readout.update(outs[n - 1], (lastSteps == 1 ? 0 : t) * batch * classes, t);
    }
    float[] logits = readout.value;
    int correct = 0;
    for (int b = 0; b < batch; b++) {
      if (Loss.argmax(logits, b, classes) == labels[b]) {
        correct++;
      }
    }
    float[] dLogits = backward ? new float[batch * classes] : null;
    double dataLoss = loss.lossAndGradient(logits, batch, classes, labels, dLogits);
    if (!backward) {
      return new GradientResult(null, dataLoss, regLoss, correct, batch);
    }
    int firstParam = firstParameterLayer();
    if (firstParam >= 0) {
      float[] dOut = ws.floats("train.dout." + (n - 1), lastSteps * batch * classes);
      readout.backward(dLogits, dOut, lastSteps, steps, batch * classes);
      boolean lastStepOnly = false;
      for (int i = n - 1; i >= firstParam; i--) {
        Layer l = layers.get(i);
        int prevSteps = i == 0 ? inputSteps : outSteps[i - 1];
        float[] in = i == 0 ? x : outs[i - 1];
        float[] dIn = null;
        if (i == tail && tailIn != null) {
          in = tailIn;
          prevSteps = 1;
        }
        if (i > firstParam) {
          dIn = ws.floats("train.dout." + (i - 1), prevSteps * batch * l.inSize);
        }
        if (lastStepOnly) {
          float[] scratch = ws.floats("train.dscratch." + i, outSteps[i] * batch * l.outSize);
          runs.get(i)
              .backwardLastStep(in, prevSteps, outs[i], outSteps[i], dOut, scratch, dIn, grads);
        } else {
          runs.get(i).backward(in, prevSteps, outs[i], outSteps[i], dOut, dIn, grads);
        }
        lastStepOnly = i == tail && tailIn != null;
        dOut = dIn;
      }
    }
    return new GradientResult(grads, dataLoss, regLoss, correct, batch);
  }

  /**
   * With a {@link Readout#LAST_STEP} readout, the index of the first of the stateless layers that
   * follow the last stateful layer (at or after {@code from}); otherwise, or if there are none,
   * the number of layers.
   */
  private int lastStepTail(int from, EvaluationPlan plan) {
    int n = layers.size();
    if (network.spec().readout() != Readout.LAST_STEP || network.spec().steps() == 1) {
      return n;
    }
    int tail = from;
    for (int i = from; i < n; i++) {
      if (plan.stateful(layers.get(i))) {
        tail = i + 1;
      }
    }
    return tail == from ? n : tail;
  }

  private int firstParameterLayer() {
    for (Layer l : layers) {
      if (!l.parameters().isEmpty()) {
        return l.index;
      }
    }
    return -1;
  }

  private List<Layer.Run> start(Layer.RunContext ctx) {
    network.validateLayout(ctx.params());
    List<Layer.Run> runs = new ArrayList<>();
    for (Layer l : layers) {
      runs.add(l.start(ctx));
    }
    return runs;
  }

  void checkInput(InputSource input) {
    Checks.notNull("NetworkRunner.input", input);
    if (input.size() != network.inputSize()) { // the message is built only on failure
      Checks.check(
          false,
          "NetworkRunner.input.size()",
          "must equal the network input size " + network.inputSize(),
          input.size());
    }
  }

  /** The readout of the steps seen so far; {@link #value} is the logits after each update. */
  static final class ReadoutState {
    private final Readout kind;
    private final double a;
    final float[] value;
    private final double[] sum;

    ReadoutState(NetworkSpec spec, int size) {
      this.kind = spec.readout();
      this.a = LowpassLayer.smoothing(spec.readoutTau(), spec.dt());
      this.value = new float[size];
      this.sum = kind == Readout.MEAN_OVER_STEPS ? new double[size] : null;
    }

    void update(float[] out, int off, int t) {
      int size = value.length;
      switch (kind) {
        case LAST_STEP -> System.arraycopy(out, off, value, 0, size);
        case MEAN_OVER_STEPS -> {
          for (int k = 0; k < size; k++) {
            sum[k] += out[off + k];
            value[k] = (float) (sum[k] / (t + 1));
          }
        }
        case LOWPASS -> {
          for (int k = 0; k < size; k++) {
            value[k] = (float) (a * value[k] + (1 - a) * out[off + k]);
          }
        }
      }
    }

    /** ∂loss/∂out over the steps given ∂loss/∂logits (summed over steps if outSteps is 1). */
    void backward(float[] dLogits, float[] dOut, int outSteps, int steps, int size) {
      java.util.Arrays.fill(dOut, 0f);
      double[] g = new double[size];
      for (int t = steps - 1; t >= 0; t--) {
        int off = outSteps == 1 ? 0 : t * size;
        for (int k = 0; k < size; k++) {
          double d;
          switch (kind) {
            case LAST_STEP -> d = t == steps - 1 ? dLogits[k] : 0;
            case MEAN_OVER_STEPS -> d = (double) dLogits[k] / steps;
            default -> {
              g[k] = t == steps - 1 ? dLogits[k] : a * g[k];
              d = (1 - a) * g[k];
            }
          }
          dOut[off + k] += (float) d;
        }
      }
    }
  }

  static final class View implements StepListener.StepView {
    private final int batch;
    private final float[][] outs;
    private final float[] readout;

    View(int batch, float[][] outs, float[] readout) {
      this.batch = batch;
      this.outs = outs;
      this.readout = readout;
    }

    @Override
    public int batch() {
      return batch;
    }

    @Override
    public int layers() {
      return outs.length;
    }

    @Override
    public float[] layerOutput(int layer) {
      return outs[layer];
    }

    @Override
    public int layerSize(int layer) {
      return outs[layer].length / batch;
    }

    @Override
    public float[] readout() {
      return readout;
    }
  }
}
