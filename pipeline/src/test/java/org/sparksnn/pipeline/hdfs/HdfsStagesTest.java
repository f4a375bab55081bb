package org.sparksnn.pipeline.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.data.ImageTables;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.stage.EncodeStage;
import org.sparksnn.pipeline.stage.Encoding;
import org.sparksnn.pipeline.sweep.EvalImages;
import org.sparksnn.pipeline.sweep.PointResult;
import org.sparksnn.pipeline.sweep.SweepGrid;
import org.sparksnn.pipeline.sweep.SweepOptions;
import org.sparksnn.pipeline.sweep.SweepStage;
import org.sparksnn.pipeline.sweep.SweepSummary;
import org.sparksnn.pipeline.train.BarrierTrainer;
import org.sparksnn.pipeline.train.CheckpointStore;
import org.sparksnn.pipeline.train.FaultInjection;
import org.sparksnn.pipeline.train.GradientReduction;
import org.sparksnn.pipeline.train.LocalTrainer;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.SyncTrainConfig;
import org.sparksnn.pipeline.train.TrainSamples;
import org.sparksnn.pipeline.train.TrainingResult;

/**
 * The Spark stages on a real, running HDFS with a shared local[2] session: encoding IDX files
 * uploaded the way {@code fetch-data} leaves them, training killed mid-run (a replica, then a whole
 * run) and resumed from checkpoints on HDFS, and a sweep writing and resuming its table on HDFS.
 */
@Tag("hdfs")
class HdfsStagesTest {
  @TempDir static java.nio.file.Path tmp;
  private static MiniHdfs hdfs;
  private static SparkSession spark;
  private static Configuration conf;
  private static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start(tmp.resolve("dfs"));
    spark = hdfs.spark(HdfsStagesTest.class);
    conf = spark.sparkContext().hadoopConfiguration();
    fs = hdfs.fs();
    HdfsFixtures.writeIdx(tmp.resolve("fetched/mnist"), 60, 30, 11);
    fs.copyFromLocalFile(new Path(tmp.resolve("fetched/mnist").toUri()), hdfs.path("/data/mnist"));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static Path localData() {
    return new Path(tmp.resolve("fetched/mnist").toUri());
  }

  private static List<Row> sortedById(Dataset<Row> ds) {
    List<Row> rows = new ArrayList<>(ds.collectAsList());
    rows.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("id"))));
    return rows;
  }

  @Test
  void encodesIdxFilesOnHdfsIntoAnAtomicTableOnHdfsAsFromLocalFiles() {
    EncodeStage stage =
        new EncodeStage().setEncoding(Encoding.RATE).setSteps(10).setMaxSpikes(5).setSeed(7);
    Path target = hdfs.path("/runs/a/encoded");
    OutputDir out = OutputDir.create(target, conf, false);
    Dataset<Row> images = ImageTables.fromIdx(spark, hdfs.path("/data/mnist"), IdxFiles.TEST, 0, 3);
    stage.transform(images).write().parquet(new Path(out.tempPath(), "test").toString());
    out.commit();
    assertTrue(OutputDir.isComplete(target, conf));

    List<Row> fromHdfs = sortedById(spark.read().parquet(target + "/test"));
    List<Row> fromLocal =
        sortedById(stage.transform(ImageTables.fromIdx(spark, localData(), IdxFiles.TEST, 0, 2)));
    assertEquals(30, fromHdfs.size());
    for (int i = 0; i < fromHdfs.size(); i++) {
      Row h = fromHdfs.get(i);
      Row l = fromLocal.get(i);
      assertEquals(l.getLong(l.fieldIndex("id")), h.getLong(h.fieldIndex("id")));
      assertEquals(l.getInt(l.fieldIndex("label")), h.getInt(h.fieldIndex("label")));
      assertArrayEquals(
          (byte[]) l.get(l.fieldIndex("spikes")), (byte[]) h.get(h.fieldIndex("spikes")));
    }
  }

  @Test
  void sparkWriteFailingMidWayLeavesNothingAReaderAccepts() throws Exception {
    Path target = hdfs.path("/runs/failed/encoded");
    OutputDir out = OutputDir.create(target, conf, false);
    Dataset<Row> images = ImageTables.fromIdx(spark, hdfs.path("/data/mnist"), IdxFiles.TEST, 0, 3);
    // the task holding image 60 025 fails; the others may already have written their part files
    Dataset<Row> failing =
        images.where(org.apache.spark.sql.functions.expr("assert_true(id <> 60025) IS NULL"));
    String table = new Path(out.tempPath(), "test").toString();
    try {
      assertThrows(Exception.class, () -> failing.write().parquet(table));
    } finally {
      out.abort();
    }
    assertFalse(fs.exists(target));
    assertFalse(fs.exists(out.tempPath()), "abort removed the partial table");
    assertFalse(OutputDir.isComplete(target, conf));
    Exception read = assertThrows(Exception.class, () -> spark.read().parquet(target.toString()));
    assertTrue(String.valueOf(read.getMessage()).contains(hdfs.uri() + "/runs/failed/encoded"));
  }

  private static TrainSamples trainSamples() {
    IdxDataset.Split train = IdxDataset.read(hdfs.path("/data/mnist"), IdxFiles.TRAIN, conf);
    ImageSet images = train.images();
    long[] ids = new long[images.count()];
    int[] labels = new int[ids.length];
    float[][] features = new float[ids.length][images.imageSize()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
      labels[i] = train.labels().label(i);
      images.intensities(i, features[i]);
    }
    return new TrainSamples(ids, labels, features);
  }

  private static SnnReplicaModel trainModel() {
    NetworkSpec spec = HdfsFixtures.spec("spiking-relu", 4);
    TrainingConfig training =
        new TrainingConfig(
            2, 10, 5, 3, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
    return new SnnReplicaModel(spec, Adam.withLearningRate(0.01), training, 4);
  }

  @Test
  void replicaKilledMidRunIsRetriedFromHdfsCheckpointsToTheUninterruptedWeights() throws Exception {
    SnnReplicaModel model = trainModel();
    TrainSamples samples = trainSamples();
    SyncTrainConfig plain = SyncTrainConfig.of(2, GradientReduction.FIXED_POINT);
    TrainingResult uninterrupted = LocalTrainer.fit(model, samples, plain, conf);

    String checkpoints = hdfs.uri() + "/runs/retried/checkpoints";
    Path marker = hdfs.path("/runs/retried/failed-once");
    SyncTrainConfig cfg =
        plain
            .withCheckpoints(checkpoints, 4)
            .withFaultInjection(new FaultInjection(1, 9, marker.toString()));
    // replica 1 dies at the start of step 9; Spark re-runs the barrier stage, which resumes from
    // the step-8 checkpoint on HDFS
    TrainingResult retried = BarrierTrainer.fit(spark, model, samples, cfg);
    assertTrue(fs.exists(marker), "the failure was injected");
    assertEquals(8, retried.resumedFromStep());
    assertEquals(uninterrupted.steps(), retried.steps());
    assertEquals(uninterrupted.params().contentHash(), retried.params().contentHash());
    assertFalse(new CheckpointStore(checkpoints, conf).steps().isEmpty());
  }

  @Test
  void runKilledMidWayIsResumedByTheNextRunFromHdfsCheckpoints() {
    SnnReplicaModel model = trainModel();
    TrainSamples samples = trainSamples();
    SyncTrainConfig plain = SyncTrainConfig.of(2, GradientReduction.FIXED_POINT);
    TrainingResult uninterrupted = LocalTrainer.fit(model, samples, plain, conf);

    String checkpoints = hdfs.uri() + "/runs/killed/checkpoints";
    SyncTrainConfig killedRun =
        plain
            .withReplicas(1)
            .withCheckpoints(checkpoints, 4)
            .withFaultInjection(
                new FaultInjection(0, 9, hdfs.uri() + "/runs/killed/failed-once"));
    // a single-process run (nothing retries it) dies at the start of step 9
    assertThrows(RuntimeException.class, () -> LocalTrainer.fit(model, samples, killedRun, conf));
    List<Long> kept = new CheckpointStore(checkpoints, conf).steps();
    assertEquals(8L, kept.get(kept.size() - 1), "checkpoints on HDFS: " + kept);

    // the next run of the same training, now on 2 Spark replicas, continues from step 8
    TrainingResult resumed =
        BarrierTrainer.fit(spark, model, samples, plain.withCheckpoints(checkpoints, 4));
    assertEquals(8, resumed.resumedFromStep());
    assertEquals(uninterrupted.steps(), resumed.steps());
    assertEquals(uninterrupted.params().contentHash(), resumed.params().contentHash());
  }

  private static String writeModel(String dir, String neuron) {
    NetworkSpec spec = HdfsFixtures.spec(neuron, 6);
    ParameterSet w = HdfsFixtures.weights(spec, 21);
    ModelDirectory.write(
        hdfs.path(dir), new ModelFile(1, ArchitectureConfig.of(spec), null, null), w, conf, false);
    return hdfs.uri() + dir;
  }

  @Test
  void sweepWritesItsTableOnHdfsAndRecomputesOnlyDeletedPoints() throws Exception {
    String model = writeModel("/models/sweep-relu", "relu");
    IdxDataset.Split test = IdxDataset.read(hdfs.path("/data/mnist"), IdxFiles.TEST, conf);
    EvalImages data = EvalImages.of(test.images(), test.labels(), IdxFiles.TEST.idOffset(), 20);
    SweepGrid grid =
        new SweepGrid(
            List.of(model), null, List.of(3, 6), Arrays.asList(null, "spiking-relu"), null, null,
            null);
    SweepStage stage = new SweepStage(spark, new SweepOptions(8, 2, 2, 1, null, null));
    String out = hdfs.uri() + "/runs/sweep";
    SweepSummary first = stage.run(grid, data, out);
    assertEquals(4, first.computedPoints());

    Path points = hdfs.path("/runs/sweep/points");
    List<String> deleted = new ArrayList<>();
    for (FileStatus st : fs.listStatus(points)) {
      String name = st.getPath().getName();
      if (name.endsWith(".json") && !name.startsWith(".") && deleted.size() < 2) {
        assertTrue(fs.delete(st.getPath(), false));
        deleted.add(name.substring(0, name.length() - ".json".length()));
      }
    }
    SweepSummary second = stage.run(grid, data, out);
    assertEquals(2, second.skippedPoints());
    assertEquals(2, second.computedPoints());
    Map<String, PointResult> before = new HashMap<>();
    first.results().forEach(r -> before.put(r.key(), r));
    for (PointResult r : second.results()) {
      PointResult b = before.get(r.key());
      assertEquals(b.accuracy(), r.accuracy(), r.key());
      assertArrayEquals(b.accuracyPerStep(), r.accuracyPerStep());
      // kept points are read back (same wall time); deleted ones were computed again
      assertEquals(!deleted.contains(r.key()), b.seconds() == r.seconds(), r.key());
    }

    Path results = hdfs.path("/runs/sweep/results");
    assertTrue(OutputDir.isComplete(results, conf));
    assertEquals(4, spark.read().parquet(results + "/results.parquet").count());
    try (InputStream in = fs.open(new Path(results, "results.csv"))) {
      String csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(5, csv.lines().count(), csv);
    }
    assertTrue(fs.exists(new Path(results, "report.md")));
    assertFalse(
        Arrays.stream(fs.listStatus(hdfs.path("/runs/sweep")))
            .anyMatch(s -> s.getPath().getName().contains(".tmp-")),
        "no temporary directory left");
  }
}
