package org.sparksnn.jobs.tasks;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.encoders.TimeTileEncoder;
import org.sparksnn.jobs.config.EncodeConfig;
import org.sparksnn.jobs.config.EncoderConfig;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.config.TrainConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.Dataset;
import org.sparksnn.ops.train.EpochStats;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.EncoderInput;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.GitCommit;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.model.Provenance;
import org.sparksnn.pipeline.report.TrainedRun;
import org.sparksnn.pipeline.report.TrainingHistory;
import org.sparksnn.pipeline.train.BarrierTrainer;
import org.sparksnn.pipeline.train.EpochProgress;
import org.sparksnn.pipeline.train.GradientReduction;
import org.sparksnn.pipeline.train.ReferenceTrainer;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.SyncTrainConfig;
import org.sparksnn.pipeline.train.TooFewTaskSlotsException;
import org.sparksnn.pipeline.train.allreduce.AllReduceSchedule;
import org.sparksnn.pipeline.train.allreduce.MeshTransport;
import org.sparksnn.pipeline.train.TrainSamples;
import org.sparksnn.pipeline.train.TrainingResult;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training stage of a run: trains {@code model} on the training split with the config's
 * encoder, logs one line per epoch (loss, training accuracy, spiking validation accuracy,
 * samples/s, seconds), and writes the model directory {@code <output.dir>/model} (model.yaml,
 * weights.npz, history.csv, learning-curve.png) atomically.
 */
public final class TrainTask {
  private static final Logger LOG = LoggerFactory.getLogger(TrainTask.class);

  private TrainTask() {}

  /** The model directory of a run. */
  public static Path outputPath(SparkSnnConfig config) {
    return new Path(config.output().dir(), "model");
  }

  /**
   * Trains and writes the model; returns its directory (with a {@code trainGrid}: trains every
   * point, returns the grid's summary directory). The caller holds the run's locks ({@link
   * ConfigCommand}).
   */
  static Path runLocked(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    TrainConfig tc = config.train();
    if (tc == null) {
      throw new ConfigException("config has no 'train' section");
    }
    if (config.trainGrid() != null) {
      return TrainGridTask.runLocked(spark, config, resolvedYaml);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    NetworkSpec spec = config.model().toSpec();
    Network network = Network.compile(spec, NeuronTypes::create);
    ParameterSet params = initialParameters(network, tc, hadoop); // before any data is fetched
    DataTask.ensure(config.data(), hadoop);
    SpikeEncoder encoder = encoder(config, spec);
    Path dataDir = new Path(config.data().dir());
    IdxDataset.Split train = IdxDataset.read(dataDir, IdxFiles.TRAIN, hadoop);
    IdxDataset.Split test = IdxDataset.read(dataDir, IdxFiles.TEST, hadoop);
    Samples trainSet = Samples.of(train, IdxFiles.TRAIN.idOffset(), limit(config.data().trainLimit()));
    Samples testSet = Samples.of(test, IdxFiles.TEST.idOffset(), limit(config.data().testLimit()));
    int inputs = train.images().imageSize();
    InputChecks.imagesFitModel(
        new Path(dataDir, IdxFiles.TRAIN.images()), train.images(), spec, "model.input", hadoop);
    InputChecks.batchFitsData(tc.batchSize(), trainSet.ids.length);

    long stepsPerEpoch = (trainSet.ids.length + tc.batchSize() - 1) / tc.batchSize();
    TrainingConfig training =
        new TrainingConfig(
            tc.epochs(),
            tc.batchSize(),
            tc.microBatchSize(),
            tc.seed(),
            tc.loss().equals("mse") ? Loss.MSE : Loss.SOFTMAX_CROSS_ENTROPY,
            tc.clipNorm(),
            tc.schedule().toDomain(stepsPerEpoch * tc.epochs()));
    Trainer trainer = new Trainer(network, tc.optimizer().toDomain(), training);
    OptimizerState state = tc.optimizer().toDomain().init(params);
    Dataset testData =
        new Dataset(testSet.ids, testSet.labels, new EncoderInput(encoder, testSet.byId, inputs));

    LOG.info(
        "training {} on {} images ({} steps of dt {} s, {} encoding), {} epochs, batch {}",
        config.name(),
        trainSet.ids.length,
        spec.steps(),
        spec.dt(),
        encoder.binary() ? "binary" : "time-tile",
        tc.epochs(),
        tc.batchSize());
    TrainedRun run =
        tc.mode().equals("single")
            ? trainSingle(trainer, params, state, tc, encoder, trainSet, testData, inputs)
            : trainDistributed(
                spark, config, spec, training, trainer, params, trainSet, testSet, testData, encoder);
    TrainingHistory history = run.history();

    Map<String, Object> trainingMap = new TypedYaml().toMap(tc);
    Provenance provenance =
        new Provenance(
            Fingerprints.sha256(resolvedYaml),
            tc.seed(),
            GitCommit.ofThisCheckout(),
            trainSet.fingerprint,
            Instant.now().toString(),
            "0.1.0",
            run.numerics());
    ModelFile file =
        new ModelFile(ModelFile.FORMAT_VERSION, config.model(), trainingMap, provenance);
    OutputDir out = OutputDir.create(outputPath(config), hadoop, config.output().overwrite());
    try {
      ModelDirectory.writeInto(out.tempPath(), file, params, hadoop);
      history.writeTo(out.tempPath(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resolved-config.yaml", resolvedYaml, hadoop);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    LOG.info("model written to {}", out.finalPath());
    return out.finalPath();
  }

  /**
   * The weights training starts from: {@code train.initialModel}'s when set (its parameters must
   * have the network's names and shapes), else the network's initialization seeded by {@code
   * train.seed}.
   */
  static ParameterSet initialParameters(Network network, TrainConfig tc, Configuration hadoop) {
    ParameterSet fresh = network.initParameters(tc.seed());
    if (tc.initialModel() == null) {
      return fresh;
    }
    Path dir = new Path(tc.initialModel());
    String where = HadoopPaths.qualified(dir, hadoop);
    ParameterSet start = ModelDirectory.read(dir, hadoop).weights();
    if (!start.sameLayout(fresh)) {
      throw new ConfigException(
          "train.initialModel: "
              + where
              + " has the parameters "
              + layout(start)
              + "; the model needs "
              + layout(fresh));
    }
    LOG.info("training starts from the weights of {}", where);
    return start.copy();
  }

  /** {@code [name[shape], ...]}. */
  private static String layout(ParameterSet p) {
    StringJoiner names = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < p.count(); i++) {
      names.add(p.names().get(i) + Arrays.toString(p.shape(i)));
    }
    return names.toString();
  }

  /** Epoch by epoch on the driver, with a progress line per epoch. */
  private static TrainedRun trainSingle(
      Trainer trainer,
      ParameterSet params,
      OptimizerState state,
      TrainConfig tc,
      SpikeEncoder encoder,
      Samples trainSet,
      Dataset testData,
      int inputs) {
    TrainingHistory history = new TrainingHistory();
    for (int epoch = 0; epoch < tc.epochs(); epoch++) {
      Dataset epochData =
          new Dataset(
              trainSet.ids,
              trainSet.labels,
              new EncoderInput(encoder.forEpoch(epoch), trainSet.byId, inputs));
      EpochStats s = trainer.trainEpoch(params, state, epoch, epochData);
      double val = tc.validate() ? trainer.accuracy(params, testData, 256) : Double.NaN;
      TrainingHistory.Epoch e = TrainingHistory.Epoch.of(s, val);
      history.add(e);
      logEpoch(e, tc.epochs());
    }
    return new TrainedRun(history, NumericsFingerprint.ofThisJvm().toString());
  }

  /**
   * The barrier or reference mode: the whole run as one distributed job (checkpointed, resumable);
   * replica 0 reports each epoch's line as it ends ({@link EpochProgress}), with the validation
   * accuracy the replicas measured together; the history is derived from the per-step figures.
   */
  private static TrainedRun trainDistributed(
      SparkSession spark,
      SparkSnnConfig config,
      NetworkSpec spec,
      TrainingConfig training,
      Trainer trainer,
      ParameterSet params,
      Samples trainSet,
      Samples testSet,
      Dataset testData,
      SpikeEncoder encoder) {
    TrainConfig tc = config.train();
    Path checkpoints = new Path(config.output().dir(), "checkpoints");
    if (config.output().overwrite()) {
      deleteRecursively(checkpoints, spark.sparkContext().hadoopConfiguration());
    }
    SyncTrainConfig sync =
        SyncTrainConfig.of(
                tc.partitions(),
                tc.reduction().equals("fixed-point")
                    ? GradientReduction.FIXED_POINT
                    : GradientReduction.ORDERED_FLOAT)
            .withCheckpoints(checkpoints.toString(), tc.checkpointEvery())
            .withTransport(tc.transport().equals("tcp") ? MeshTransport.TCP : MeshTransport.AUTO)
            .withAllReduce(
                AllReduceSchedule.valueOf(tc.allReduce().toUpperCase(java.util.Locale.ROOT)));
    SnnReplicaModel model =
        new SnnReplicaModel(
            spec, tc.optimizer().toDomain(), training, tc.seed(), encoder.binary() ? encoder : null);
    TrainSamples samples = trainSet.toTrainSamples();
    // validated after every epoch by the replicas, each its share of the batches
    TrainSamples validation = tc.validate() ? testSet.toTrainSamples() : null;
    LOG.info(
        "{} mode: {} replicas, {} gradient reduction, {} transport, {} all-reduce, checkpoints every"
            + " {} steps",
        tc.mode(),
        tc.partitions(),
        tc.reduction(),
        tc.transport(),
        tc.allReduce(),
        tc.checkpointEvery());
    TrainingResult result;
    EpochProgress progress = EpochProgress.start(spark, LOG::info);
    try (progress) {
      SyncTrainConfig live = progress.attach(sync);
      result =
          tc.mode().equals("barrier")
              ? BarrierTrainer.fit(spark, model, samples, validation, live)
              : ReferenceTrainer.fit(spark, model, samples, validation, live);
    } catch (TooFewTaskSlotsException e) {
      throw e.named("train.partitions");
    }
    params.copyFrom(result.params());
    double[] perEpoch = result.epochValidation();
    double measured = perEpoch.length == 0 ? Double.NaN : perEpoch[perEpoch.length - 1];
    // a run resumed after its last epoch has nothing measured: validate the weights here
    double val =
        tc.validate() && Double.isNaN(measured)
            ? trainer.accuracy(params, testData, SnnReplicaModel.VALIDATION_BATCH)
            : measured;
    TrainingHistory history =
        result.history(tc.batchSize(), tc.epochs(), trainSet.ids.length, val);
    // the epochs replica 0 reported while training are on the log already
    for (TrainingHistory.Epoch e : history.epochs()) {
      if (!progress.shown(e.epoch())) {
        logEpoch(e, tc.epochs());
      }
    }
    LOG.info(
        "{} steps ({} resumed from a checkpoint), {} ms/step: {}",
        result.steps(),
        result.resumedFromStep(),
        String.format("%.2f", result.millisPerStep()),
        result.timings());
    return new TrainedRun(history, result.numerics());
  }

  private static void deleteRecursively(Path p, Configuration conf) {
    try {
      p.getFileSystem(conf).delete(p, true);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(p + ": cannot delete old checkpoints: " + e.getMessage(), e);
    }
  }

  private static void logEpoch(TrainingHistory.Epoch e, int epochs) {
    LOG.info(e.progressLine(epochs));
  }

  /** The encode section's encoder, or time-tile over the model's steps. */
  static SpikeEncoder encoder(SparkSnnConfig config, NetworkSpec spec) {
    EncodeConfig enc = config.encode();
    if (enc == null) {
      return new TimeTileEncoder(spec.steps());
    }
    // checked when the config is read for its own model; here for a model read from a directory
    if (enc.encoder().steps() != spec.steps()) {
      throw new ConfigException(
          "encode.encoder.steps ("
              + enc.encoder().steps()
              + ") must equal model.steps ("
              + spec.steps()
              + ")");
    }
    if (enc.encoder() instanceof EncoderConfig.Poisson && enc.dt() != spec.dt()) {
      throw new ConfigException(
          "encode.dt (" + enc.dt() + ") must equal model.dt (" + spec.dt() + ")");
    }
    return enc.toEncoder();
  }

  private static int limit(Integer l) {
    return l == null ? Integer.MAX_VALUE : l;
  }

  /** Samples of a split: ids, labels, intensities by id, and a fingerprint of the data. */
  private record Samples(long[] ids, int[] labels, Map<Long, float[]> byId, String fingerprint) {
    /** The samples as the distributed trainers take them (intensities in id order). */
    TrainSamples toTrainSamples() {
      float[][] features = new float[ids.length][];
      for (int i = 0; i < features.length; i++) {
        features[i] = byId.get(ids[i]);
      }
      return new TrainSamples(ids, labels, features);
    }

    static Samples of(IdxDataset.Split split, long idOffset, int limit) {
      ImageSet images = split.images();
      int n = Math.min(limit, images.count());
      long[] ids = new long[n];
      int[] labels = new int[n];
      Map<Long, float[]> byId = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        ids[i] = idOffset + i;
        labels[i] = split.labels().label(i);
        float[] p = new float[images.imageSize()];
        images.intensities(i, p);
        byId.put(ids[i], p);
      }
      String fp =
          Fingerprints.sha256(
              Arrays.copyOf(images.pixels(), n * images.imageSize()),
              Arrays.copyOf(split.labels().labels(), n),
              Long.toString(idOffset).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new Samples(ids, labels, byId, fp);
    }
  }
}
