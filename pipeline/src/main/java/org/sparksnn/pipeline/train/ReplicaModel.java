package org.sparksnn.pipeline.train;

import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.ops.train.TrainingConfig;

/**
 * What a synchronous data-parallel trainer needs from a model: initial weights, the training plan
 * settings, and per-task {@link Replica}s that compute micro-batch gradients and apply the
 * optimizer step. Serializable: it travels to the tasks in the closure.
 *
 * <p>Call order: {@link #initialParameters} and {@link #initialOptimizerState} once on the driver
 * (or from a checkpoint); then {@link #open} once per task; then per step {@link
 * Replica#gradient} for the task's micro-batches and {@link Replica#applyStep} with the reduced
 * sum. Every method must be deterministic (same inputs, same bits) with the same OpenMP thread
 * count.
 */
public interface ReplicaModel extends java.io.Serializable {

  /** Epochs, batch size, micro-batch size and the batch-order seed. */
  TrainingConfig trainingConfig();

  /** The weights before the first step. */
  ParameterSet initialParameters();

  /** A fresh optimizer state for {@code params}. */
  OptimizerState initialOptimizerState(ParameterSet params);

  /**
   * A text that changes whenever anything that changes the training result changes (architecture,
   * optimizer, training config, initial weights' seed); hashed into the checkpoint config hash.
   */
  String configFingerprint();

  /** A task-local replica over {@code data} (not thread-safe; not serialized). */
  Replica open(TrainSamples data);

  /**
   * A task-local replica over {@code data} that can also score {@code validation} ({@link
   * Replica#validationCorrect}); models without a validation measure ignore it.
   */
  default Replica open(TrainSamples data, TrainSamples validation) {
    return open(data);
  }

  /** Whether replicas opened with validation data score it (else the trainers do not ask). */
  default boolean validates() {
    return false;
  }

  /** The task-local computation of one replica. */
  interface Replica {

    /**
     * The gradient of {@code microBatch} (sample ids in plan order) of training step {@code step}
     * (the global optimizer step, {@code >= 0}), summed over its samples. The result's gradient
     * array may be reused by this replica's next call: callers read it before calling again.
     */
    MicroBatchGradient gradient(ParameterSet params, long[] microBatch, long step);

    /**
     * Applies the optimizer step in place with the gradient {@code summed} over the whole global
     * batch.
     *
     * @throws org.sparksnn.ops.SimulationException if the loss or gradient is not finite
     */
    void applyStep(ParameterSet params, OptimizerState state, MicroBatchGradient summed);

    /**
     * The validation samples this replica classifies correctly with {@code params}: its share,
     * the validation batches {@code rank, rank + size, …} (fixed batches of the validation set in
     * order, so that the shares of all replicas add up to a single process's count bit for bit).
     * Only called when the model {@link ReplicaModel#validates()} and the replica was opened with
     * validation data.
     */
    default long validationCorrect(ParameterSet params, int rank, int size) {
      throw new UnsupportedOperationException("this model has no validation measure");
    }
  }
}
