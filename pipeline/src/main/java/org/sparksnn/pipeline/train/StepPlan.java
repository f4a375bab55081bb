package org.sparksnn.pipeline.train;

import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.train.BatchPlan;
import org.sparksnn.ops.train.TrainingConfig;

/**
 * The fixed work of every global step: step {@code s} is batch {@code s mod stepsPerEpoch} of epoch
 * {@code s / stepsPerEpoch} of snn-ops's {@link BatchPlan} (ids shuffled by (seed, epoch)), cut into
 * micro-batches of {@code microBatchSize}; micro-batch {@code m} is computed by replica {@code m mod
 * n} ({@link #owner}). The plan is a pure function of (ids, config), so the step number is the
 * whole "RNG position" a checkpoint needs.
 *
 * <p>Not thread-safe (caches the current epoch's batches).
 */
public final class StepPlan {
  private final long[] ids;
  private final TrainingConfig config;
  private final int stepsPerEpoch;
  private int cachedEpoch = -1;
  private List<long[]> cachedBatches;

  /** The plan of training {@code ids} with {@code config}. */
  public StepPlan(long[] ids, TrainingConfig config) {
    Checks.check(ids.length > 0, "StepPlan.ids", "must not be empty", ids.length);
    this.ids = ids.clone();
    this.config = Checks.notNull("StepPlan.config", config);
    this.stepsPerEpoch = (ids.length + config.batchSize() - 1) / config.batchSize();
  }

  /** Optimizer steps per epoch (the last batch of an epoch may be smaller). */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /** Steps of the whole run: {@code epochs · stepsPerEpoch}. */
  public long totalSteps() {
    return (long) config.epochs() * stepsPerEpoch;
  }

  /** The epoch of {@code step}. */
  public int epochOf(long step) {
    return (int) (step / stepsPerEpoch);
  }

  /** The micro-batches of global step {@code step}, in order. */
  public List<long[]> microBatches(long step) {
    Checks.check(step >= 0 && step < totalSteps(), "StepPlan.step", "must be in [0, " + totalSteps() + ")", step);
    int epoch = epochOf(step);
    if (epoch != cachedEpoch) {
      cachedBatches = BatchPlan.globalBatches(ids, config.seed(), epoch, config.batchSize());
      cachedEpoch = epoch;
    }
    return BatchPlan.microBatches(
        cachedBatches.get((int) (step % stepsPerEpoch)), config.microBatchSize());
  }

  /** The replica that computes micro-batch {@code micro} among {@code replicas}: {@code micro mod replicas}. */
  public static int owner(int micro, int replicas) {
    return micro % replicas;
  }

  /**
   * Null if every one of {@code replicas} computes a micro-batch of a full step of {@code config},
   * else a warning saying how many have nothing to compute and the micro-batch size that uses them
   * all. A step's micro-batches are the unit of work: with the default micro-batch size (the batch
   * size) one replica computes every step and the others wait (nengo-spiking-mnist's conv net: the
   * same 132 samples/s with 1 or 2 replicas; with micro-batches of half the batch 2 replicas gave 250,
   * 1.88×, session 38). Another micro-batch size sums the gradients in another order, so it gives
   * other bits (the same in every mode).
   */
  public static String idleReplicasWarning(TrainingConfig config, int replicas) {
    int perStep = (config.batchSize() + config.microBatchSize() - 1) / config.microBatchSize();
    if (perStep >= replicas) {
      return null;
    }
    return String.format(
        "%d of %d replicas have nothing to compute: a step of %d samples is %d micro-batch%s of %d,"
            + " one per replica at most; a micro-batch size of at most %d (train.microBatchSize)"
            + " uses every replica (other bits than micro-batches of %d: another summation order)",
        replicas - perStep,
        replicas,
        config.batchSize(),
        perStep,
        perStep == 1 ? "" : "es",
        config.microBatchSize(),
        Math.max(1, config.batchSize() / replicas),
        config.microBatchSize());
  }

  /** How many of {@code microBatches} micro-batches replica {@code rank} of {@code replicas} owns. */
  public static int ownedCount(int microBatches, int rank, int replicas) {
    return microBatches <= rank ? 0 : (microBatches - rank + replicas - 1) / replicas;
  }
}
