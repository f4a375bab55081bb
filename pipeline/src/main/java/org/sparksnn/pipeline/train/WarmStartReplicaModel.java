package org.sparksnn.pipeline.train;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.TrainingConfig;

/**
 * A {@link SnnReplicaModel} that starts from given weights (fine-tuning a trained model) instead of
 * seeded initial ones. The weights' content hash is part of the config fingerprint, so a checkpoint
 * of a run from other starting weights is refused.
 *
 * @param base the network, optimizer and training config
 * @param initial the starting weights (layout of the base network; not modified)
 */
public record WarmStartReplicaModel(SnnReplicaModel base, ParameterSet initial)
    implements ReplicaModel {

  public WarmStartReplicaModel {
    Checks.notNull("WarmStartReplicaModel.base", base);
    Checks.notNull("WarmStartReplicaModel.initial", initial);
  }

  @Override
  public TrainingConfig trainingConfig() {
    return base.trainingConfig();
  }

  @Override
  public ParameterSet initialParameters() {
    return initial.copy();
  }

  @Override
  public OptimizerState initialOptimizerState(ParameterSet params) {
    return base.initialOptimizerState(params);
  }

  @Override
  public String configFingerprint() {
    return base.configFingerprint() + "+" + initial.contentHash();
  }

  @Override
  public Replica open(TrainSamples data) {
    return base.open(data);
  }

  @Override
  public Replica open(TrainSamples data, TrainSamples validation) {
    return base.open(data, validation);
  }

  @Override
  public boolean validates() {
    return base.validates();
  }
}
