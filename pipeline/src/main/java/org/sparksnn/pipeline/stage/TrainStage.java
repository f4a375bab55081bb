package org.sparksnn.pipeline.stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.optim.Optimizer;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.optim.RmsProp;
import org.sparksnn.ops.optim.Sgd;
import org.sparksnn.ops.train.EpochStats;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.EncoderInput;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.model.Provenance;
import org.sparksnn.pipeline.report.TrainedRun;
import org.sparksnn.pipeline.report.TrainingHistory;
import org.sparksnn.pipeline.train.BarrierTrainer;
import org.sparksnn.pipeline.train.EpochProgress;
import org.sparksnn.pipeline.train.GradientReduction;
import org.sparksnn.pipeline.train.ReferenceTrainer;
import org.sparksnn.pipeline.train.ReplicaModel;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.SyncTrainConfig;
import org.sparksnn.pipeline.train.TooFewTaskSlotsException;
import org.sparksnn.pipeline.train.TrainSamples;
import org.sparksnn.pipeline.train.TrainingResult;
import org.sparksnn.pipeline.train.WarmStartReplicaModel;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Trains a spiking network on the images table ({@link
 * org.sparksnn.pipeline.schema.Tables#IMAGES}) or the encoded table: a Spark ML {@link Estimator}
 * whose {@link #fit} returns an {@link SnnModel} (a {@code Transformer} adding {@code prediction}
 * and {@code probability}).
 *
 * <p>The network is {@link #architecture()} (the YAML of a config's {@code model} section) or the
 * model directory {@link #modelDir()} (its architecture, and its weights as the starting point).
 * {@link #spikingAware()} and the rate regularizer Params, when set, override every activation
 * layer's own setting.
 *
 * <p>Modes: {@code barrier} (default; one Spark barrier stage, gradients all-reduced over TCP
 * between the tasks every step), {@code reference} (one Spark job per step) and {@code single} (on
 * the driver). With {@code reduction = ordered-float} all three give bit-identical weights for any
 * number of {@link #partitions()}; the rows are sorted by id first, so neither does the input's
 * partitioning or order matter. Images are encoded with the encoding Params ({@code time-tile}
 * default; stochastic encoders redraw their spikes every epoch, keyed by (encoderSeed, epoch, id,
 * step, input)); an encoded table's stored spikes are used as they are (one draw for all epochs).
 * The distributed modes take time-tiled input. Checkpoints ({@link #checkpointPath()}, any Hadoop
 * path) apply to the distributed modes: a re-fit with the same configuration resumes from the
 * newest one; one from another configuration is refused.
 */
public final class TrainStage extends TrainStageParams implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);

  public TrainStage() {
    this(Identifiable$.MODULE$.randomUID("train"));
  }

  public TrainStage(String uid) {
    super(uid);
  }

  // ---- setters -------------------------------------------------------------------------------

  public TrainStage setArchitecture(String yaml) {
    set(architecture(), yaml);
    return this;
  }

  public TrainStage setModelDir(String dir) {
    set(modelDir(), dir);
    return this;
  }

  public TrainStage setEpochs(int value) {
    set(epochs(), value);
    return this;
  }

  public TrainStage setBatchSize(int value) {
    set(batchSize(), value);
    return this;
  }

  public TrainStage setMicroBatchSize(int value) {
    set(microBatchSize(), value);
    return this;
  }

  public TrainStage setSeed(long value) {
    set(seed(), value);
    return this;
  }

  /** {@code sgd}, {@code adam} (Keras defaults) or {@code rmsprop} (Keras defaults). */
  public TrainStage setOptimizer(String value) {
    set(optimizer(), value);
    return this;
  }

  public TrainStage setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  public TrainStage setMomentum(double value) {
    set(momentum(), value);
    return this;
  }

  public TrainStage setNesterov(boolean value) {
    set(nesterov(), value);
    return this;
  }

  /** {@code constant}, {@code step} (uses scheduleEvery, scheduleGamma) or {@code cosine}. */
  public TrainStage setSchedule(String value) {
    set(schedule(), value);
    return this;
  }

  public TrainStage setScheduleEvery(long steps) {
    set(scheduleEvery(), steps);
    return this;
  }

  public TrainStage setScheduleGamma(double value) {
    set(scheduleGamma(), value);
    return this;
  }

  public TrainStage setScheduleMinFactor(double value) {
    set(scheduleMinFactor(), value);
    return this;
  }

  public TrainStage setLoss(String value) {
    set(loss(), value);
    return this;
  }

  public TrainStage setClipNorm(double value) {
    set(clipNorm(), value);
    return this;
  }

  public TrainStage setSpikingAware(boolean value) {
    set(spikingAware(), value);
    return this;
  }

  /**
   * A rate regularizer on every activation layer (keras-spiking {@code L1L2}): weights {@code l1},
   * {@code l2} on the distance of each neuron's rate from {@code [minHz, maxHz]} (a single target:
   * {@code minHz == maxHz}); {@code scope} says which outputs are penalized.
   */
  public TrainStage setRateRegularizer(
      double l1, double l2, double minHz, double maxHz, RateRegularizer.Scope scope) {
    set(rateL1(), l1);
    set(rateL2(), l2);
    set(rateTargetMin(), minHz);
    set(rateTargetMax(), maxHz);
    set(rateScope(), scope.configName());
    return this;
  }

  public TrainStage setCheckpointPath(String path) {
    set(checkpointPath(), path);
    return this;
  }

  public TrainStage setCheckpointInterval(int steps) {
    set(checkpointInterval(), steps);
    return this;
  }

  public TrainStage setMode(String value) {
    set(mode(), value);
    return this;
  }

  public TrainStage setPartitions(int value) {
    set(partitions(), value);
    return this;
  }

  public TrainStage setReduction(String value) {
    set(reduction(), value);
    return this;
  }

  /** The encoding of images-table input (default time-tile), as an {@link EncodeStage} sets it. */
  public TrainStage setEncoding(Encoding value) {
    set(encoding(), value.configName());
    return this;
  }

  public TrainStage setMaxRateHz(double value) {
    set(maxRateHz(), value);
    return this;
  }

  public TrainStage setMaxSpikes(double value) {
    set(maxSpikes(), value);
    return this;
  }

  public TrainStage setThreshold(double value) {
    set(threshold(), value);
    return this;
  }

  public TrainStage setEncoderSeed(long value) {
    set(encoderSeed(), value);
    return this;
  }

  /**
   * The boolean column marking validation rows (as Spark ML's {@code validationIndicatorCol}):
   * those are held out of training and scored after every epoch; empty (default) for none.
   */
  public TrainStage setValidationIndicatorCol(String column) {
    set(validationIndicatorCol(), column);
    return this;
  }

  // ---- Estimator ----------------------------------------------------------------------------

  @Override
  public StructType transformSchema(StructType schema) {
    TrainingTable.checkSchema(schema);
    return SnnModel.outputSchema(schema);
  }

  @Override
  public SnnModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SparkSession spark = dataset.sparkSession();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    LoadedModel start = startingModel(hadoop);
    NetworkSpec spec = overrideLayers(start == null ? parseArchitecture() : start.spec());
    Network network = Network.compile(spec, NeuronTypes::create);
    String indicator = getValidationIndicatorCol();
    TrainingTable table =
        TrainingTable.collect(
            TrainingTable.trainingRows(dataset, indicator), spec, network.outputSize());
    TrainingTable validation =
        indicator.isEmpty()
            ? null
            : TrainingTable.collectValidation(
                TrainingTable.validationRows(dataset, indicator),
                spec,
                network.outputSize(),
                "TrainStage.validationIndicatorCol " + indicator);
    ParameterSet params =
        start == null ? network.initParameters(getSeed()) : start.weights().copy();
    TrainingConfig training = trainingConfig(table.ids().length);
    Optimizer opt = toOptimizer();
    EncoderSettings encoderSettings = encoderSettings();
    SpikeEncoder encoder = encoderSettings.toEncoder(spec.steps(), spec.dt());
    LOG.info(
        "TrainStage: {} samples, {} epochs, batch {}, {} mode, {} encoding",
        table.ids().length,
        getEpochs(),
        getBatchSize(),
        getMode(),
        table.encoding() != null ? table.encoding() + " (stored)" : encoderSettings.encoding());
    TrainedRun run =
        getMode().equals("single")
            ? trainSingle(network, opt, training, params, table, validation, encoder)
            : trainDistributed(
                spark, spec, opt, training, params, table, validation, encoder, start != null);
    TrainingHistory history = run.history();
    Map<String, Object> trainingMap = describeTraining(encoderSettings);
    Provenance provenance =
        new Provenance(
            configHash(spec),
            getSeed(),
            org.sparksnn.pipeline.model.GitCommit.ofThisCheckout(),
            table.fingerprint(),
            Instant.now().toString(),
            "0.1.0",
            run.numerics());
    ModelFile file =
        new ModelFile(
            ModelFile.FORMAT_VERSION, ArchitectureConfig.of(spec), trainingMap, provenance);
    return new SnnModel(uid(), file, params, encoderSettings, history).setParent(this);
  }

  @Override
  public TrainStage copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a stage saved with {@code write().save(path)}. */
  public static MLReader<TrainStage> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a stage saved with {@code write().save(path)}. */
  public static TrainStage load(String path) {
    return read().load(path);
  }

  // ---- training -----------------------------------------------------------------------------

  private TrainedRun trainSingle(
      Network network,
      Optimizer opt,
      TrainingConfig training,
      ParameterSet params,
      TrainingTable table,
      TrainingTable validation,
      SpikeEncoder encoder) {
    Trainer trainer = new Trainer(network, opt, training);
    OptimizerState state = opt.init(params);
    int inputs = network.inputSize();
    org.sparksnn.ops.train.Dataset validationData =
        validation == null ? null : validation.dataset(encoder, inputs);
    TrainingHistory history = new TrainingHistory();
    for (int epoch = 0; epoch < getEpochs(); epoch++) {
      org.sparksnn.ops.train.Dataset data =
          new org.sparksnn.ops.train.Dataset(
              table.ids(),
              table.labels(),
              table.spikes() != null
                  ? new StoredInput(table.spikes(), inputs)
                  : new EncoderInput(encoder.forEpoch(epoch), table.intensities(), inputs));
      EpochStats s = trainer.trainEpoch(params, state, epoch, data);
      double val =
          validationData == null
              ? Double.NaN
              : trainer.accuracy(params, validationData, SnnReplicaModel.VALIDATION_BATCH);
      TrainingHistory.Epoch e = TrainingHistory.Epoch.of(s, val);
      history.add(e);
      LOG.info(e.progressLine(getEpochs()));
    }
    return new TrainedRun(history, NumericsFingerprint.ofThisJvm().toString());
  }

  private TrainedRun trainDistributed(
      SparkSession spark,
      NetworkSpec spec,
      Optimizer opt,
      TrainingConfig training,
      ParameterSet params,
      TrainingTable table,
      TrainingTable validation,
      SpikeEncoder encoder,
      boolean warmStart) {
    int replicas =
        getPartitions() > 0 ? getPartitions() : spark.sparkContext().defaultParallelism();
    SyncTrainConfig sync =
        SyncTrainConfig.of(
            replicas,
            getReduction().equals("fixed-point")
                ? GradientReduction.FIXED_POINT
                : GradientReduction.ORDERED_FLOAT);
    if (!getCheckpointPath().isEmpty()) {
      sync = sync.withCheckpoints(getCheckpointPath(), getCheckpointInterval());
    }
    // the replicas encode their samples themselves, redrawing every epoch as the single mode does
    SnnReplicaModel base =
        new SnnReplicaModel(spec, opt, training, getSeed(), encoder.binary() ? encoder : null);
    ReplicaModel model = warmStart ? new WarmStartReplicaModel(base, params) : base;
    TrainSamples samples = new TrainSamples(table.ids(), table.labels(), table.intensityRows());
    TrainSamples validationSamples =
        validation == null
            ? null
            : new TrainSamples(validation.ids(), validation.labels(), validation.intensityRows());
    TrainingResult result;
    EpochProgress progress = EpochProgress.start(spark, LOG::info);
    try (progress) {
      SyncTrainConfig live = progress.attach(sync);
      result =
          getMode().equals("barrier")
              ? BarrierTrainer.fit(spark, model, samples, validationSamples, live)
              : ReferenceTrainer.fit(spark, model, samples, validationSamples, live);
    } catch (TooFewTaskSlotsException e) {
      throw e.named("TrainStage.partitions");
    }
    params.copyFrom(result.params());
    TrainingHistory history =
        result.history(getBatchSize(), getEpochs(), table.ids().length, Double.NaN);
    for (TrainingHistory.Epoch e : history.epochs()) {
      if (!progress.shown(e.epoch())) {
        LOG.info(e.progressLine(getEpochs()));
      }
    }
    return new TrainedRun(history, result.numerics());
  }

  // ---- resolving Params ---------------------------------------------------------------------

  private LoadedModel startingModel(Configuration hadoop) {
    String dir = getModelDir();
    String yaml = getArchitecture();
    if (dir.isEmpty() == yaml.isBlank()) {
      throw new ConfigException(
          "TrainStage: set exactly one of architecture (model YAML) and modelDir, got "
              + (dir.isEmpty() ? "neither" : "both"));
    }
    return dir.isEmpty() ? null : ModelDirectory.read(new Path(dir), hadoop);
  }

  private NetworkSpec parseArchitecture() {
    ArchitectureConfig config =
        new TypedYaml().load(getArchitecture(), "TrainStage.architecture", List.of(), ArchitectureConfig.class);
    return config.toSpec();
  }

  /** The spec with the spikingAware and rate-regularizer overrides applied. */
  private NetworkSpec overrideLayers(NetworkSpec spec) {
    boolean aware = isSet(spikingAware());
    RateRegularizer reg = rateRegularizer();
    if (!aware && reg == null) {
      return spec;
    }
    List<LayerSpec> layers = new ArrayList<>();
    for (LayerSpec l : spec.layers()) {
      if (l instanceof LayerSpec.Activation a) {
        layers.add(
            new LayerSpec.Activation(
                a.name(),
                a.neuron(),
                a.params(),
                aware ? (Boolean) $(spikingAware()) : a.spikingAwareTraining(),
                a.scaleFiringRates(),
                reg != null ? reg : a.regularizer()));
      } else {
        layers.add(l);
      }
    }
    return new NetworkSpec(
        spec.inputShape(), layers, spec.dt(), spec.steps(), spec.readout(), spec.readoutTau(),
        spec.initialVoltage());
  }

  private RateRegularizer rateRegularizer() {
    if (!isSet(rateL1()) && !isSet(rateL2())) {
      return null;
    }
    return new RateRegularizer(
        isSet(rateL1()) ? (Double) $(rateL1()) : 0.0,
        isSet(rateL2()) ? (Double) $(rateL2()) : 0.0,
        (Double) $(rateTargetMin()),
        (Double) $(rateTargetMax()),
        RateRegularizer.Scope.fromConfigName("rateScope", $(rateScope())));
  }

  private TrainingConfig trainingConfig(int samples) {
    int batch = getBatchSize();
    if (batch > samples) {
      throw new ConfigException(
          "TrainStage.batchSize must be <= the number of training rows " + samples + ", got " + batch);
    }
    int micro = (Integer) $(microBatchSize());
    long stepsPerEpoch = (samples + batch - 1) / batch;
    return new TrainingConfig(
        getEpochs(),
        batch,
        micro == 0 ? batch : micro,
        getSeed(),
        $(loss()).equals("mse") ? Loss.MSE : Loss.SOFTMAX_CROSS_ENTROPY,
        (Double) $(clipNorm()),
        toSchedule(stepsPerEpoch * getEpochs()));
  }

  private LearningRateSchedule toSchedule(long totalSteps) {
    return switch ($(schedule())) {
      case "step" -> new LearningRateSchedule.StepDecay((Long) $(scheduleEvery()), (Double) $(scheduleGamma()));
      case "cosine" -> new LearningRateSchedule.Cosine(totalSteps, (Double) $(scheduleMinFactor()));
      default -> new LearningRateSchedule.Constant();
    };
  }

  private Optimizer toOptimizer() {
    double lr = (Double) $(learningRate());
    return switch ($(optimizer())) {
      case "sgd" -> new Sgd(lr, (Double) $(momentum()), (Boolean) $(nesterov()));
      case "rmsprop" -> new RmsProp(lr, 0.9, 1e-7);
      default -> Adam.withLearningRate(lr);
    };
  }

  /** SHA-256 of the architecture and every Param value: what identifies this training setup. */
  private String configHash(NetworkSpec spec) {
    StringBuilder text = new StringBuilder(new TypedYaml().toYaml(ArchitectureConfig.of(spec)));
    List<org.apache.spark.ml.param.ParamPair<?>> pairs = new ArrayList<>(extractParamMap().toList());
    pairs.sort(java.util.Comparator.comparing(p -> p.param().name()));
    for (org.apache.spark.ml.param.ParamPair<?> p : pairs) {
      text.append('\n').append(p.param().name()).append('=').append(p.value());
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** The training Params as written into model.yaml. */
  private EncoderSettings encoderSettings() {
    return new EncoderSettings(
        $(encoding()), (Double) $(maxRateHz()), (Double) $(maxSpikes()), (Double) $(threshold()), (Long) $(encoderSeed()));
  }

  private Map<String, Object> describeTraining(EncoderSettings encoder) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", getEpochs());
    m.put("batchSize", getBatchSize());
    m.put("optimizer", $(optimizer()));
    m.put("learningRate", $(learningRate()));
    m.put("schedule", $(schedule()));
    m.put("loss", $(loss()));
    m.put("seed", getSeed());
    m.put("mode", getMode());
    m.put("reduction", getReduction());
    m.put("encoder", encoder.toMap());
    return m;
  }
}
