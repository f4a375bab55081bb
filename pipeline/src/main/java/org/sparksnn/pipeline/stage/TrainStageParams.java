package org.sparksnn.pipeline.stage;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/**
 * The typed Params of {@link TrainStage}, with their documentation, validators and defaults, and
 * the typed getters the stage reads them with (Spark ML keeps an estimator's Params apart from
 * its {@code fit} the same way, in a {@code *Params} trait).
 */
public abstract class TrainStageParams extends Estimator<SnnModel> {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> architecture;
  private final Param<String> modelDir;
  private final IntParam epochs;
  private final IntParam batchSize;
  private final IntParam microBatchSize;
  private final LongParam seed;
  private final Param<String> optimizer;
  private final DoubleParam learningRate;
  private final DoubleParam momentum;
  private final BooleanParam nesterov;
  private final Param<String> schedule;
  private final LongParam scheduleEvery;
  private final DoubleParam scheduleGamma;
  private final DoubleParam scheduleMinFactor;
  private final Param<String> loss;
  private final DoubleParam clipNorm;
  private final BooleanParam spikingAware;
  private final DoubleParam rateL1;
  private final DoubleParam rateL2;
  private final DoubleParam rateTargetMin;
  private final DoubleParam rateTargetMax;
  private final Param<String> rateScope;
  private final Param<String> checkpointPath;
  private final IntParam checkpointInterval;
  private final Param<String> mode;
  private final IntParam partitions;
  private final Param<String> reduction;
  private final Param<String> encoding;
  private final DoubleParam maxRateHz;
  private final DoubleParam maxSpikes;
  private final DoubleParam threshold;
  private final LongParam encoderSeed;
  private final Param<String> validationIndicatorCol;

  /** Declares every Param with its default; {@code uid} identifies the stage. */
  protected TrainStageParams(String uid) {
    this.uid = uid;
    architecture =
        new Param<>(this, "architecture", "YAML of the model section (input, dt, steps, layers)");
    modelDir = new Param<>(this, "modelDir", "model directory to start from (architecture + weights)");
    epochs = new IntParam(this, "epochs", "passes over the data (>= 1)", ParamValidators.gtEq(1));
    batchSize = new IntParam(this, "batchSize", "global mini-batch size (>= 1)", ParamValidators.gtEq(1));
    microBatchSize =
        new IntParam(
            this, "microBatchSize", "fixed micro-batch size, in [0, batchSize]; 0 = batchSize",
            ParamValidators.gtEq(0));
    seed = new LongParam(this, "seed", "seed of the initial weights and the batch order");
    optimizer =
        new Param<>(
            this, "optimizer", "sgd, adam or rmsprop",
            ParamValidators.inArray(new String[] {"sgd", "adam", "rmsprop"}));
    learningRate = new DoubleParam(this, "learningRate", "step size (> 0)", ParamValidators.gt(0));
    momentum =
        new DoubleParam(
            this, "momentum", "sgd momentum, in [0, 1)", ParamValidators.inRange(0, 1, true, false));
    nesterov = new BooleanParam(this, "nesterov", "sgd: Nesterov momentum");
    schedule =
        new Param<>(
            this, "schedule", "learning-rate schedule: constant, step or cosine",
            ParamValidators.inArray(new String[] {"constant", "step", "cosine"}));
    scheduleEvery =
        new LongParam(this, "scheduleEvery", "step schedule: steps between drops (>= 1)", ParamValidators.gtEq(1));
    scheduleGamma =
        new DoubleParam(
            this, "scheduleGamma", "step schedule: factor per drop, in (0, 1]",
            ParamValidators.inRange(0, 1, false, true));
    scheduleMinFactor =
        new DoubleParam(
            this, "scheduleMinFactor", "cosine schedule: final factor, in [0, 1]", ParamValidators.inRange(0, 1));
    loss =
        new Param<>(
            this, "loss", "cross-entropy (softmax on the readout) or mse",
            ParamValidators.inArray(new String[] {"cross-entropy", "mse"}));
    clipNorm =
        new DoubleParam(this, "clipNorm", "clip the gradient's global norm to this; 0 = off", ParamValidators.gtEq(0));
    spikingAware =
        new BooleanParam(
            this, "spikingAware", "if set: spikes forward during training on every activation layer");
    rateL1 = new DoubleParam(this, "rateL1", "if set: L1 rate-regularizer weight on every activation layer (>= 0)", ParamValidators.gtEq(0));
    rateL2 = new DoubleParam(this, "rateL2", "if set: L2 rate-regularizer weight on every activation layer (>= 0)", ParamValidators.gtEq(0));
    rateTargetMin = new DoubleParam(this, "rateTargetMin", "rate regularizer: lower end of the target, Hz");
    rateTargetMax = new DoubleParam(this, "rateTargetMax", "rate regularizer: upper end of the target, Hz");
    rateScope =
        new Param<>(
            this, "rateScope",
            "rate regularizer: mean-rate (each neuron's rate), every-step or last-step (outputs)",
            ParamValidators.inArray(new String[] {"mean-rate", "every-step", "last-step"}));
    checkpointPath =
        new Param<>(this, "checkpointPath", "Hadoop directory of checkpoints (distributed modes); empty = none");
    checkpointInterval =
        new IntParam(
            this, "checkpointInterval", "checkpoint every this many steps (>= 0; 0 = after the last)",
            ParamValidators.gtEq(0));
    mode =
        new Param<>(
            this, "mode", "barrier, reference or single",
            ParamValidators.inArray(new String[] {"barrier", "reference", "single"}));
    partitions =
        new IntParam(
            this, "partitions", "replicas of the distributed modes (>= 0; 0 = Spark's default parallelism)",
            ParamValidators.gtEq(0));
    reduction =
        new Param<>(
            this, "reduction", "gradient sum: ordered-float (bit-identical to single) or fixed-point",
            ParamValidators.inArray(new String[] {"ordered-float", "fixed-point"}));
    encoding =
        new Param<>(
            this, "encoding", "encoding of images-table input, one of " + String.join(", ", Encoding.names()),
            ParamValidators.inArray(Encoding.names()));
    maxRateHz = EncoderParams.maxRateHz(this);
    maxSpikes = EncoderParams.maxSpikes(this);
    threshold = EncoderParams.threshold(this);
    encoderSeed = new LongParam(this, "encoderSeed", "seed of the encoder's keyed random draws");
    validationIndicatorCol =
        new Param<>(
            this, "validationIndicatorCol",
            "name of a boolean column: rows where it is true are not trained on but scored (spiking)"
                + " after every epoch; empty = no validation");
    setDefault(architecture, "");
    setDefault(modelDir, "");
    setDefault(epochs, 1);
    setDefault(batchSize, 32);
    setDefault(microBatchSize, 0);
    setDefault(seed, 0L);
    setDefault(optimizer, "adam");
    setDefault(learningRate, 0.001);
    setDefault(momentum, 0.0);
    setDefault(nesterov, false);
    setDefault(schedule, "constant");
    setDefault(scheduleEvery, 1000L);
    setDefault(scheduleGamma, 0.1);
    setDefault(scheduleMinFactor, 0.0);
    setDefault(loss, "cross-entropy");
    setDefault(clipNorm, 0.0);
    setDefault(rateTargetMin, 0.0);
    setDefault(rateTargetMax, 0.0);
    setDefault(rateScope, "mean-rate");
    setDefault(checkpointPath, "");
    setDefault(checkpointInterval, 100);
    setDefault(mode, "barrier");
    setDefault(partitions, 0);
    setDefault(reduction, "ordered-float");
    setDefault(encoding, Encoding.TIME_TILE.configName());
    setDefault(maxRateHz, 100.0);
    setDefault(maxSpikes, 10.0);
    setDefault(threshold, 0.0);
    setDefault(encoderSeed, 0L);
    setDefault(validationIndicatorCol, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- Params -------------------------------------------------------------------------------

  public Param<String> architecture() {
    return architecture;
  }

  public Param<String> modelDir() {
    return modelDir;
  }

  public IntParam epochs() {
    return epochs;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam microBatchSize() {
    return microBatchSize;
  }

  public LongParam seed() {
    return seed;
  }

  public Param<String> optimizer() {
    return optimizer;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public BooleanParam spikingAware() {
    return spikingAware;
  }

  public Param<String> checkpointPath() {
    return checkpointPath;
  }

  public Param<String> mode() {
    return mode;
  }

  public IntParam partitions() {
    return partitions;
  }

  public DoubleParam momentum() {
    return momentum;
  }

  public BooleanParam nesterov() {
    return nesterov;
  }

  public Param<String> schedule() {
    return schedule;
  }

  public LongParam scheduleEvery() {
    return scheduleEvery;
  }

  public DoubleParam scheduleGamma() {
    return scheduleGamma;
  }

  public DoubleParam scheduleMinFactor() {
    return scheduleMinFactor;
  }

  public Param<String> loss() {
    return loss;
  }

  public DoubleParam clipNorm() {
    return clipNorm;
  }

  public DoubleParam rateL1() {
    return rateL1;
  }

  public DoubleParam rateL2() {
    return rateL2;
  }

  public DoubleParam rateTargetMin() {
    return rateTargetMin;
  }

  public DoubleParam rateTargetMax() {
    return rateTargetMax;
  }

  public Param<String> rateScope() {
    return rateScope;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public Param<String> reduction() {
    return reduction;
  }

  public Param<String> encoding() {
    return encoding;
  }

  public DoubleParam maxRateHz() {
    return maxRateHz;
  }

  public DoubleParam maxSpikes() {
    return maxSpikes;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public LongParam encoderSeed() {
    return encoderSeed;
  }

  public Param<String> validationIndicatorCol() {
    return validationIndicatorCol;
  }

  // ---- typed values -------------------------------------------------------------------------

  int getEpochs() {
    return (Integer) $(epochs);
  }

  int getBatchSize() {
    return (Integer) $(batchSize);
  }

  long getSeed() {
    return (Long) $(seed);
  }

  String getMode() {
    return $(mode);
  }

  int getPartitions() {
    return (Integer) $(partitions);
  }

  String getReduction() {
    return $(reduction);
  }

  String getArchitecture() {
    return $(architecture);
  }

  String getModelDir() {
    return $(modelDir);
  }

  String getCheckpointPath() {
    return $(checkpointPath);
  }

  int getCheckpointInterval() {
    return (Integer) $(checkpointInterval);
  }

  String getValidationIndicatorCol() {
    return $(validationIndicatorCol);
  }
}
