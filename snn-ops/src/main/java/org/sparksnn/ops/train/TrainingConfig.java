package org.sparksnn.ops.train;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.optim.LearningRateSchedule;

/**
 * How to train: epochs, batch sizes, seed, loss, clipping and learning-rate schedule.
 *
 * @param epochs passes over the data, {@code > 0}
 * @param batchSize samples per global batch (one optimizer step), {@code > 0} (e.g. 32)
 * @param microBatchSize samples per micro-batch, {@code > 0}, at most {@code batchSize}; the unit
 *     of gradient computation that a distributed trainer ships to executors
 * @param seed seed of the batch order (and nothing else)
 * @param loss the data loss (default softmax cross-entropy)
 * @param clipNorm clip the mean gradient to this global norm; 0 disables (default 0)
 * @param schedule learning-rate schedule over optimizer steps (default constant)
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    int microBatchSize,
    long seed,
    Loss loss,
    double clipNorm,
    LearningRateSchedule schedule)
    implements java.io.Serializable {

  public TrainingConfig {
    Checks.positive("TrainingConfig.epochs", epochs);
    Checks.positive("TrainingConfig.batchSize", batchSize);
    Checks.positive("TrainingConfig.microBatchSize", microBatchSize);
    Checks.check(
        microBatchSize <= batchSize,
        "TrainingConfig.microBatchSize",
        "must be <= batchSize " + batchSize,
        microBatchSize);
    Checks.notNull("TrainingConfig.loss", loss);
    Checks.nonNegative("TrainingConfig.clipNorm", clipNorm);
    Checks.notNull("TrainingConfig.schedule", schedule);
  }

  /** Cross-entropy, no clipping, constant rate, micro-batch = batch. */
  public static TrainingConfig of(int epochs, int batchSize, long seed) {
    return new TrainingConfig(
        epochs,
        batchSize,
        batchSize,
        seed,
        Loss.SOFTMAX_CROSS_ENTROPY,
        0,
        new LearningRateSchedule.Constant());
  }
}
