package org.sparksnn.pipeline.train;

import org.apache.hadoop.conf.Configuration;
import org.sparksnn.ops.Checks;

/**
 * The single-process form of synchronous training: one replica computes every micro-batch of every
 * step, with the same plan, reduction, checkpoints and divergence checks as {@link BarrierTrainer}
 * and {@link ReferenceTrainer}, and so the same weights bit for bit. {@code cfg.replicas()} is
 * ignored.
 */
public final class LocalTrainer {
  private LocalTrainer() {}

  /**
   * Trains {@code model} on {@code data} from the latest checkpoint in {@code cfg.checkpointDir()}
   * (if any) to the end of the plan.
   *
   * @param hadoop Hadoop configuration for checkpoints and the fault-injection marker
   * @throws SimulationException if training diverges (the last good checkpoint is kept)
   * @throws org.sparksnn.ops.ConfigException if the checkpoint is of another configuration
   */
  public static TrainingResult fit(
      ReplicaModel model, TrainSamples data, SyncTrainConfig cfg, Configuration hadoop) {
    return fit(model, data, null, cfg, hadoop);
  }

  /**
   * {@link #fit(ReplicaModel, TrainSamples, SyncTrainConfig, Configuration)} that also scores
   * {@code validation} after every epoch when the model {@link ReplicaModel#validates()}.
   *
   * @param validation the validation samples, or null for none
   */
  public static TrainingResult fit(
      ReplicaModel model,
      TrainSamples data,
      TrainSamples validation,
      SyncTrainConfig cfg,
      Configuration hadoop) {
    Checks.notNull("LocalTrainer.model", model);
    Checks.notNull("LocalTrainer.data", data);
    Checks.notNull("LocalTrainer.cfg", cfg);
    StepTimings timings = new StepTimings();
    ReplicaLoop.PayloadBuffers buffers = new ReplicaLoop.PayloadBuffers();
    return ReplicaLoop.runAlone(
        model,
        data,
        validation,
        cfg,
        hadoop,
        timings,
        replica ->
            (step, micro, params) ->
                new byte[][] {
                  ReplicaLoop.ownPayload(
                      replica, cfg.reduction(), 0, 1, micro, step, params, timings, buffers)
                });
  }
}
