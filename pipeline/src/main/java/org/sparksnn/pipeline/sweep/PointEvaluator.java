package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.DoubleLowpass;
import org.sparksnn.ops.net.InputSource;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.RowArgmax;
import org.sparksnn.ops.net.RowSums;
import org.sparksnn.ops.net.StepListener;

/**
 * Evaluates one grid point on a range of batches (the work of one Spark task), streaming through
 * time: per step it keeps the network's per-layer state (inside {@link NetworkRunner}) plus
 * per-batch counters of size {@code [batch × classes]} and {@code [neurons]}, so memory does not
 * grow with {@code steps} (only the per-step correct counts, one {@code long} per step, do).
 *
 * <p>Batch {@code k} is images {@code [k·batch, min((k+1)·batch, n))} of the data, whatever the
 * task: the same batches are evaluated under any partitioning, so results are bit-identical. Not
 * thread-safe (one per task).
 */
final class PointEvaluator {
  /** Example traces record at most about this many steps. */
  static final int MAX_TRACE_STEPS = 200;

  private final NetworkSpec spec;
  private final PointNetwork.Prepared prepared;
  private final NetworkRunner runner;
  private final int[] actIndex;
  private final int[] actSize;
  private final double[] actFactor;
  private final int classes;
  private final int outLayer;
  private final SpikeEncoder encoder;

  /** An evaluator fed the time-tiled intensities. */
  PointEvaluator(PointNetwork.Prepared prepared, NeuronResolver resolver) {
    this(prepared, resolver, null);
  }

  /**
   * @param input the spike encoder that feeds the network (at the point's steps), or null for the
   *     time-tiled intensities
   */
  PointEvaluator(PointNetwork.Prepared prepared, NeuronResolver resolver, SpikeEncoder input) {
    this.prepared = Checks.notNull("PointEvaluator.prepared", prepared);
    this.spec = prepared.spec();
    this.encoder = input == null || !input.binary() ? null : input.withSteps(spec.steps());
    Network network = Network.compile(spec, resolver);
    this.runner = new NetworkRunner(network);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < spec.layers().size(); i++) {
      if (spec.layers().get(i) instanceof LayerSpec.Activation) {
        idx.add(i);
      }
    }
    actIndex = idx.stream().mapToInt(Integer::intValue).toArray();
    actSize = new int[actIndex.length];
    actFactor = new double[actIndex.length];
    for (int j = 0; j < actIndex.length; j++) {
      int i = actIndex[j];
      LayerSpec.Activation a = (LayerSpec.Activation) spec.layers().get(i);
      actSize[j] = network.layerSize(i);
      // output · s / amplitude is the rate in Hz (spiking: n/dt); times dt, the spike count
      actFactor[j] = a.scaleFiringRates() * spec.dt() / network.neuron(i).amplitude();
    }
    classes = network.outputSize();
    outLayer = spec.layers().size() - 1;
  }

  /** The neurons of each activation layer, in layer order. */
  int[] activationSizes() {
    return actSize.clone();
  }

  /** The layer indices of the activation layers. */
  int[] activationIndices() {
    return actIndex.clone();
  }

  /** Number of batches of {@code n} images. */
  static int batchCount(int n, int batch) {
    return (n + batch - 1) / batch;
  }

  /** The compiled network this evaluator runs. */
  Network network() {
    return runner.network();
  }

  /** The point's network and weights. */
  PointNetwork.Prepared prepared() {
    return prepared;
  }

  /** An empty result of this point's shape. */
  PartialResult newResult() {
    return new PartialResult(spec.steps(), actSize);
  }

  /**
   * Evaluates batches {@code [firstBatch, endBatch)} of {@code data}.
   *
   * @param batch images per batch, {@code > 0}
   * @param examples the first {@code examples} images of the data get an {@link ExampleTrace}
   */
  PartialResult evaluate(EvalImages data, int firstBatch, int endBatch, int batch, int examples) {
    long start = System.nanoTime();
    checkData(data, batch);
    PartialResult result = newResult();
    int n = data.count();
    for (int k = firstBatch; k < endBatch; k++) {
      int from = k * batch;
      int to = Math.min(from + batch, n);
      if (from >= to) {
        break;
      }
      BatchListener listener = startBatch(data, from, to, examples, result);
      runner.evaluate(prepared.params(), inputOf(data, from, to), listener.ids, listener);
      finishBatch(listener, result);
    }
    result.addSeconds((System.nanoTime() - start) / 1e9);
    return result;
  }

  /**
   * Streams images {@code [from, to)} of {@code data} through this point's network as {@link
   * #evaluate} does, reporting every step to {@code listener} and recording nothing.
   */
  void run(EvalImages data, int from, int to, StepListener listener) {
    checkData(data, to - from);
    long[] ids = Arrays.copyOfRange(data.ids(), from, to);
    runner.evaluate(prepared.params(), inputOf(data, from, to), ids, listener);
  }

  /** Fails unless {@code batch > 0} and the images have the network's input size. */
  void checkData(EvalImages data, int batch) {
    Checks.positive("PointEvaluator.batch", batch);
    Checks.check(
        data.imageSize() == runner.network().inputSize(),
        "sweep data",
        "images must have the network's input size " + runner.network().inputSize(),
        data.imageSize());
  }

  /** Images {@code [from, to)} of {@code data} as this point's input. */
  InputSource inputOf(EvalImages data, int from, int to) {
    return encoder == null ? input(data, from, to) : encoded(data, from, to, encoder);
  }

  /**
   * Images {@code [from, to)} of {@code data} as a time-invariant input. Like {@link
   * org.sparksnn.ops.net.TimeTiledInput}, but rows are found by position and written straight into
   * the batch buffer (no array per image for an id lookup to return).
   */
  static InputSource input(EvalImages data, int from, int to) {
    return new BatchInput(data, from, to, null);
  }

  /**
   * Images {@code [from, to)} of {@code data} as {@code encoder}'s spikes, step by step: the input
   * training fed the network ({@code SpikeEncoder#fillStep}, keyed by the images' ids).
   */
  static InputSource encoded(EvalImages data, int from, int to, SpikeEncoder encoder) {
    return new BatchInput(data, from, to, encoder);
  }

  /** A batch of images as the network's input: their intensities, or an encoder's spikes. */
  private static final class BatchInput implements InputSource {
    private final EvalImages data;
    private final int from;
    private final int size;
    private final SpikeEncoder encoder;
    /** The batch's intensities, for the encoder (null: written straight from the bytes). */
    private final float[][] intensities;

    BatchInput(EvalImages data, int from, int to, SpikeEncoder encoder) {
      this.data = data;
      this.from = from;
      this.size = data.imageSize();
      this.encoder = encoder;
      this.intensities = encoder == null ? null : new float[to - from][size];
      for (int r = 0; encoder != null && r < intensities.length; r++) {
        data.intensities(from + r, intensities[r], 0);
      }
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean timeInvariant() {
      return encoder == null;
    }

    @Override
    public void fill(long[] sampleIds, int step, float[] out) {
      for (int r = 0; r < sampleIds.length; r++) {
        if (encoder == null) {
          data.intensities(from + r, out, r * size);
        } else {
          encoder.fillStep(sampleIds[r], intensities[r], step, out, r * size);
        }
      }
    }
  }

  /** The listener that gathers the statistics of images {@code [from, to)} for this point. */
  BatchListener startBatch(
      EvalImages data, int from, int to, int examples, PartialResult result) {
    return startBatch(data, from, to, examples, result, null, 0);
  }

  /**
   * {@link #startBatch(EvalImages, int, int, int, PartialResult)} for a point evaluated together
   * with others whose first {@code shared} layers are the same layers: the spike counts of the
   * activation layers among them are those {@code sumsFrom} (the same batch's listener of another
   * point of the group, called at every step) gathers, not gathered again.
   */
  BatchListener startBatch(
      EvalImages data,
      int from,
      int to,
      int examples,
      PartialResult result,
      BatchListener sumsFrom,
      int shared) {
    int b = to - from;
    long[] ids = Arrays.copyOfRange(data.ids(), from, to);
    int[] labels = Arrays.copyOfRange(data.labels(), from, to);
    return new BatchListener(
        b, labels, ids, Math.min(examples - from, b), result, sumsFrom, shared);
  }

  /** Adds a finished batch's statistics to {@code result}. */
  void finishBatch(BatchListener listener, PartialResult result) {
    result.addImages(listener.batch);
    for (int j = 0; j < actIndex.length; j++) {
      result.addSpikes(j, listener.actSums[j], actFactor[j]);
    }
    result.addFinal(listener.correctLast, listener.correctMean, listener.correctLowpass);
    listener.traces.forEach(result::addExample);
  }

  /** Per-batch statistics gathered step by step. */
  final class BatchListener implements StepListener {
    private final int batch;
    private final int[] labels;
    final long[] ids;
    private final int traced;
    private final PartialResult result;
    private final double[] sum;
    /** Each row's prediction at the current step. */
    private final int[] predictions;
    private final double[] lowpass;
    private final double a;
    private final double[][] actSums;
    /** False for the activation layers whose sums another point's listener gathers. */
    private final boolean[] ownSums;
    private final int stride;
    private final List<List<float[]>> probs = new ArrayList<>();
    private final List<Integer> recorded = new ArrayList<>();
    private final List<ExampleTrace> traces = new ArrayList<>();
    private long correctLast;
    private long correctMean;
    private long correctLowpass;

    BatchListener(
        int batch,
        int[] labels,
        long[] ids,
        int traced,
        PartialResult result,
        BatchListener sumsFrom,
        int shared) {
      this.batch = batch;
      this.labels = labels;
      this.ids = ids;
      this.traced = Math.max(traced, 0);
      this.result = result;
      this.sum = new double[batch * classes];
      this.predictions = new int[batch];
      Double tau = prepared.lowpassReadoutTau();
      this.lowpass = tau == null ? null : new double[batch * classes];
      this.a = tau == null ? 0 : Math.exp(-spec.dt() / Math.max(tau, 1e-8));
      this.actSums = new double[actIndex.length][];
      this.ownSums = new boolean[actIndex.length];
      for (int j = 0; j < actIndex.length; j++) {
        ownSums[j] = sumsFrom == null || actIndex[j] >= shared;
        actSums[j] = ownSums[j] ? new double[actSize[j]] : sumsFrom.actSums[j];
      }
      this.stride = Math.max(1, (spec.steps() + MAX_TRACE_STEPS - 1) / MAX_TRACE_STEPS);
      for (int r = 0; r < this.traced; r++) {
        probs.add(new ArrayList<>());
      }
    }

    @Override
    public void onStep(int step, StepView view) {
      float[] readout = view.readout();
      long correct = 0;
      RowArgmax.of(readout, batch, classes, predictions);
      for (int r = 0; r < batch; r++) {
        if (predictions[r] == labels[r]) {
          correct++;
        }
      }
      result.addCorrect(step, correct);
      float[] out = view.layerOutput(outLayer);
      RowSums.accumulate(out, 1, sum.length, sum);
      if (lowpass != null) {
        DoubleLowpass.step(lowpass, out, lowpass.length, a);
      }
      for (int j = 0; j < actIndex.length; j++) {
        if (ownSums[j]) {
          RowSums.accumulate(view.layerOutput(actIndex[j]), batch, actSize[j], actSums[j]);
        }
      }
      boolean last = step == spec.steps() - 1;
      if (traced > 0 && (step % stride == 0 || last)) {
        recorded.add(step);
        for (int r = 0; r < traced; r++) {
          probs.get(r).add(softmax(readout, r));
        }
      }
      if (last) {
        for (int r = 0; r < batch; r++) {
          if (Loss.argmax(out, r, classes) == labels[r]) {
            correctLast++;
          }
          if (argmax(sum, r) == labels[r]) {
            correctMean++;
          }
          if (lowpass != null && argmax(lowpass, r) == labels[r]) {
            correctLowpass++;
          }
        }
        int[] steps = recorded.stream().mapToInt(Integer::intValue).toArray();
        for (int r = 0; r < traced; r++) {
          traces.add(new ExampleTrace(ids[r], labels[r], steps, List.copyOf(probs.get(r))));
        }
      }
    }

    private int argmax(double[] v, int row) {
      int best = 0;
      double bestValue = v[row * classes];
      for (int c = 1; c < classes; c++) {
        if (v[row * classes + c] > bestValue) {
          bestValue = v[row * classes + c];
          best = c;
        }
      }
      return best;
    }

    private float[] softmax(float[] logits, int row) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[row * classes + c]);
      }
      double total = 0;
      double[] e = new double[classes];
      for (int c = 0; c < classes; c++) {
        e[c] = Math.exp(logits[row * classes + c] - max);
        total += e[c];
      }
      float[] p = new float[classes];
      for (int c = 0; c < classes; c++) {
        p[c] = (float) (e[c] / total);
      }
      return p;
    }
  }
}
