package org.sparksnn.ops.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.GradientResult;
import org.sparksnn.ops.net.InputSource;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.GradientClipping;
import org.sparksnn.ops.optim.Optimizer;
import org.sparksnn.ops.optim.OptimizerState;

/**
 * Single-process synchronous training with a fixed, reproducible order.
 *
 * <p>One optimizer step: the global batch of the step ({@link BatchPlan#globalBatches}) is split
 * into micro-batches ({@link BatchPlan#microBatches}); {@link #computeGradient} gives each
 * micro-batch's summed gradient; {@link MicroBatchGradient#sum} adds them in micro-batch order;
 * {@link #applyStep} divides by the number of samples, clips, and applies the optimizer. A
 * distributed trainer that runs {@link #computeGradient} elsewhere (same OpenMP thread count) and
 * then the same two calls gets bit-identical weights.
 *
 * <p>Not thread-safe (it owns a {@link NetworkRunner}).
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final Network network;
  private final Optimizer optimizer;
  private final TrainingConfig config;
  private final NetworkRunner runner;
  /** Reused mean-gradient buffer of {@link #applyStep} (same layout as the parameters). */
  private ParameterSet meanGrad;
  /** Reused per-micro-batch gradient of {@link #computeGradient}, flattened into each result. */
  private ParameterSet gradBuffer;
  /** Reused flat gradient of a one-micro-batch step in {@link #trainEpoch}. */
  private float[] flatBuffer;
  /** The label index of the last dataset passed to {@code computeGradient(…, Dataset)}. */
  private Dataset labelled;
  private LabelIndex labelIndex;

  /** A trainer of {@code network} with {@code optimizer} and {@code config}. */
  public Trainer(Network network, Optimizer optimizer, TrainingConfig config) {
    this.network = Checks.notNull("Trainer.network", network);
    this.optimizer = Checks.notNull("Trainer.optimizer", optimizer);
    this.config = Checks.notNull("Trainer.config", config);
    this.runner = new NetworkRunner(network);
  }

  /** The training configuration. */
  public TrainingConfig config() {
    return config;
  }

  /**
   * The summed gradient of one micro-batch in training mode, as training step 0 (which matters
   * only for initial voltages drawn per training step; trainers pass the step to {@link
   * #computeGradient(ParameterSet, long[], int[], InputSource, float[], long)}).
   *
   * @param params current weights (not modified)
   * @param sampleIds the micro-batch, in plan order
   * @param labels the labels of {@code sampleIds}
   * @param input the input source
   */
  public MicroBatchGradient computeGradient(
      ParameterSet params, long[] sampleIds, int[] labels, InputSource input) {
    return computeGradient(params, sampleIds, labels, input, null, 0);
  }

  /**
   * {@link #computeGradient(ParameterSet, long[], int[], InputSource)} of training step {@code
   * step} ({@code >= 0}, the optimizer step the micro-batch belongs to), with the flat gradient
   * written into {@code flat} (length {@code params.totalSize()}), or into a new array if it is
   * null: a caller that consumes each result before the next call reuses one array.
   */
  public MicroBatchGradient computeGradient(
      ParameterSet params,
      long[] sampleIds,
      int[] labels,
      InputSource input,
      float[] flat,
      long step) {
    if (gradBuffer == null || !gradBuffer.sameLayout(params)) {
      gradBuffer = params.zerosLike();
    }
    GradientResult r =
        runner.gradient(params, input, sampleIds, labels, config.loss(), gradBuffer, step);
    float[] g = flat == null ? r.gradient().flatten() : r.gradient().flattenInto(flat);
    return new MicroBatchGradient(g, r.loss(), r.regularizationLoss(), r.correct(), r.count());
  }

  /**
   * {@link #computeGradient(ParameterSet, long[], int[], InputSource)} with labels from {@code
   * data}.
   */
  public MicroBatchGradient computeGradient(ParameterSet params, long[] sampleIds, Dataset data) {
    if (data != labelled) {
      labelIndex = new LabelIndex(data);
      labelled = data;
    }
    return computeGradient(params, sampleIds, labelIndex.labelsOf(sampleIds), data.input());
  }

  /**
   * Applies one optimizer step in place: mean gradient = {@code summed.gradient / summed.count} (in
   * double, rounded to float), clipped to {@code config.clipNorm()} if set, learning rate scaled by
   * the schedule at {@code state.step()}.
   *
   * @throws SimulationException if the loss or the gradient is not finite
   */
  public void applyStep(ParameterSet params, OptimizerState state, MicroBatchGradient summed) {
    Checks.positive("Trainer.summed.count", summed.count());
    if (!Double.isFinite(summed.loss()) || !Double.isFinite(summed.regularizationLoss())) {
      throw new SimulationException(
          "training step " + state.step() + ": loss is not finite (" + summed.loss() + ")");
    }
    if (meanGrad == null || !meanGrad.sameLayout(params)) {
      meanGrad = params.zerosLike();
    }
    ParameterSet grad = meanGrad;
    Checks.check(
        summed.gradient().length == grad.totalSize(),
        "Trainer.summed.gradient.length",
        "must be " + grad.totalSize(),
        summed.gradient().length);
    mean(summed.gradient(), summed.count(), grad);
    if (!grad.allFinite()) {
      throw new SimulationException(
          "training step " + state.step() + ": the mean gradient is not finite (NaN or infinity)");
    }
    if (config.clipNorm() > 0) {
      GradientClipping.clipByGlobalNorm(grad, config.clipNorm());
    }
    optimizer.update(params, grad, state, config.schedule().factor(state.step()));
  }

  /**
   * Trains {@code params} in place for {@code config.epochs()} epochs, continuing from {@code
   * state}; calls {@code listener} (may be null) after every epoch and returns all epochs' stats.
   */
  public List<EpochStats> fit(
      ParameterSet params, OptimizerState state, Dataset data, Consumer<EpochStats> listener) {
    List<EpochStats> all = new ArrayList<>();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      EpochStats stats = trainEpoch(params, state, epoch, data);
      all.add(stats);
      if (listener != null) {
        listener.accept(stats);
      }
    }
    return all;
  }

  /**
   * Trains {@code params} in place for epoch number {@code epoch} (which fixes the batch order),
   * continuing from {@code state}. Callers whose input changes per epoch (stochastic encoders
   * redrawn each epoch) pass that epoch's {@code data}.
   */
  public EpochStats trainEpoch(ParameterSet params, OptimizerState state, int epoch, Dataset data) {
    network.validate(params);
    LabelIndex index = new LabelIndex(data);
    long[] ids = data.ids();
    long start = System.nanoTime();
    double loss = 0;
    double reg = 0;
    long correct = 0;
    long count = 0;
    for (long[] batch : BatchPlan.globalBatches(ids, config.seed(), epoch, config.batchSize())) {
      List<long[]> micros = BatchPlan.microBatches(batch, config.microBatchSize());
      // One micro-batch is consumed by applyStep at once: its flat gradient reuses one buffer.
      float[] flat = micros.size() == 1 ? flatGradient(params) : null;
      List<MicroBatchGradient> parts = new ArrayList<>();
      for (long[] micro : micros) {
        parts.add(
            computeGradient(params, micro, index.labelsOf(micro), data.input(), flat, state.step()));
      }
      // A single part is its own sum (sum() would only copy it).
      MicroBatchGradient summed = parts.size() == 1 ? parts.get(0) : MicroBatchGradient.sum(parts);
      applyStep(params, state, summed);
      loss += summed.loss();
      reg += summed.regularizationLoss();
      correct += summed.correct();
      count += summed.count();
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    EpochStats stats =
        new EpochStats(
            epoch,
            loss / count,
            reg / count,
            (double) correct / count,
            count / seconds,
            state.step(),
            seconds);
    LOG.debug("epoch {}: {}", epoch, stats);
    return stats;
  }

  /** The reused flat gradient of a one-micro-batch step, sized for {@code params}. */
  private float[] flatGradient(ParameterSet params) {
    int size = params.totalSize();
    if (flatBuffer == null || flatBuffer.length != size) {
      flatBuffer = new float[size];
    }
    return flatBuffer;
  }

  /**
   * The classification accuracy of {@code params} on {@code data} in evaluation mode (spiking
   * neurons spike), in batches of {@code batchSize}.
   */
  public double accuracy(ParameterSet params, Dataset data, int batchSize) {
    return (double) correct(params, data, batchSize, 0, 1) / data.ids().length;
  }

  /**
   * The samples of {@code data} classified correctly (spiking evaluation, as {@link #accuracy}),
   * over the batches {@code first, first + every, …} of {@code batchSize} samples in order: the
   * counts of {@code first = 0 … every − 1} add up to {@link #accuracy}'s count bit for bit, since
   * each batch is evaluated as it is there.
   *
   * @param first the first batch, in [0, every)
   * @param every the stride between batches, {@code > 0}
   */
  public long correct(ParameterSet params, Dataset data, int batchSize, int first, int every) {
    Checks.positive("Trainer.batchSize", batchSize);
    Checks.positive("Trainer.every", every);
    Checks.inRange("Trainer.first", first, 0, every - 1);
    long[] ids = data.ids();
    int[] labels = data.labels();
    int classes = network.outputSize();
    long correct = 0;
    for (int start = first * batchSize; start < ids.length; start += every * batchSize) {
      int end = Math.min(ids.length, start + batchSize);
      long[] batch = java.util.Arrays.copyOfRange(ids, start, end);
      float[] out = runner.evaluate(params, data.input(), batch, null);
      for (int b = 0; b < batch.length; b++) {
        if (Loss.argmax(out, b, classes) == labels[start + b]) {
          correct++;
        }
      }
    }
    return correct;
  }

  /**
   * Writes {@code sum / count} into {@code grad}'s arrays (flatten layout). The quotient is the
   * float division {@code sum / (float) count}, equal to the double quotient rounded to float for
   * counts up to 2^24 (double rounding is innocuous for division at 53 ≥ 2·24 + 2 bits); larger
   * counts divide in double. (Until session 18 it also summed the squared norm, in double, for
   * the finiteness check alone: 39 µs of every step for 101,770 parameters.)
   */
  private static void mean(float[] sum, int count, ParameterSet grad) {
    boolean exactFloat = count <= (1 << 24);
    float nf = count;
    double n = count;
    int off = 0;
    for (int a = 0; a < grad.count(); a++) {
      float[] g = grad.get(a);
      int len = g.length;
      if (exactFloat) {
        System.arraycopy(sum, off, g, 0, len);
        for (int k = 0; k < len; k++) {
          g[k] = g[k] / nf;
        }
      } else {
        for (int k = 0; k < len; k++) {
          g[k] = (float) (sum[off + k] / n);
        }
      }
      off += len;
    }
  }

  /** Labels by sample id: the ids sorted, with their labels, looked up by binary search. */
  private static final class LabelIndex {
    private final IdIndex index;
    private final int[] labels;

    LabelIndex(Dataset data) {
      this.index = IdIndex.of(data.ids(), "Dataset.ids");
      this.labels = data.labels();
    }

    int[] labelsOf(long[] ids) {
      int[] out = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        int p = index.position(ids[i]);
        if (p < 0) {
          throw new IllegalArgumentException("Trainer: no label for sample id " + ids[i]);
        }
        out[i] = labels[p];
      }
      return out;
    }
  }
}
