package org.sparksnn.pipeline.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.pipeline.SparkTestSession;
import org.sparksnn.pipeline.schema.Tables;

/** TrainStage (Estimator) and SnnModel (Transformer) on local[2]. */
@Tag("spark")
class TrainStageSparkTest {
  /** 6x6 images of 3 classes: class k lights rows 2k and 2k+1, plus noise. */
  private static final String ARCHITECTURE =
      """
      input: [6, 6, 1]
      dt: 0.1
      steps: 4
      readout: mean
      layers:
        - {type: flatten, name: flat}
        - {type: dense, name: hidden, units: 12}
        - {type: activation, name: act, neuron: spiking-relu}
        - {type: dense, name: out, units: 3}
      """;

  private static SparkSession spark;
  private static List<Row> rows;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(TrainStageSparkTest.class);
    Random rng = new Random(3);
    rows = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      int label = i % 3;
      byte[] px = new byte[36];
      for (int p = 0; p < 36; p++) {
        int row = p / 6;
        int v = (row / 2 == label ? 200 : 0) + rng.nextInt(50);
        px[p] = (byte) v;
      }
      rows.add(RowFactory.create(1000L + i, label, 6, 6, 1, px));
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> images(List<Row> in, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(in, partitions), Tables.IMAGES);
  }

  private static TrainStage stage(String mode, int partitions) {
    return base(mode, partitions).setArchitecture(ARCHITECTURE);
  }

  /** The test's training settings without a network. */
  private static TrainStage base(String mode, int partitions) {
    return new TrainStage()
        .setEpochs(2)
        .setBatchSize(16)
        .setMicroBatchSize(8)
        .setLearningRate(0.01)
        .setSeed(7)
        .setMode(mode)
        .setPartitions(partitions);
  }

  private static float[] weights(SnnModel m) {
    return m.weights().flatten();
  }

  @Test
  void singleBarrierAndReferenceModesGiveBitIdenticalWeightsWhateverThePartitioning() {
    float[] single = weights(stage("single", 1).fit(images(rows, 1)));
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(1));
    for (int n = 1; n <= 2; n++) {
      assertArrayEquals(single, weights(stage("barrier", n).fit(images(shuffled, 3))), "barrier " + n);
      assertArrayEquals(single, weights(stage("reference", n).fit(images(shuffled, 2))), "reference " + n);
    }
  }

  @Test
  void distributedModesRecordTheSingleProcessTrainersTrainingAccuracyAndLosses() {
    List<org.sparksnn.pipeline.report.TrainingHistory.Epoch> single =
        stage("single", 1).fit(images(rows, 1)).history().epochs();
    for (String mode : List.of("barrier", "reference")) {
      List<org.sparksnn.pipeline.report.TrainingHistory.Epoch> distributed =
          stage(mode, 2).fit(images(rows, 2)).history().epochs();
      assertEquals(single.size(), distributed.size(), mode);
      for (int e = 0; e < single.size(); e++) {
        String what = mode + " epoch " + e;
        assertEquals(single.get(e).trainAccuracy(), distributed.get(e).trainAccuracy(), what);
        assertTrue(single.get(e).trainAccuracy() > 0, what);
        assertEquals(single.get(e).loss(), distributed.get(e).loss(), 1e-12, what);
        assertEquals(single.get(e).regularization(), distributed.get(e).regularization(), 1e-12, what);
      }
    }
  }

  @Test
  void rowsOfTheValidationIndicatorAreScoredEveryEpochNotTrainedOnInEveryMode() {
    // every 4th id held out: 24 of 96 rows
    Dataset<Row> marked =
        images(rows, 3).withColumn("holdout", org.apache.spark.sql.functions.expr("id % 4 = 0"));
    SnnModel single = stage("single", 1).setValidationIndicatorCol("holdout").fit(marked);
    List<org.sparksnn.pipeline.report.TrainingHistory.Epoch> epochs = single.history().epochs();
    for (org.sparksnn.pipeline.report.TrainingHistory.Epoch e : epochs) {
      assertTrue(e.validationAccuracy() > 1.0 / 3, "epoch " + e.epoch() + ": " + e.validationAccuracy());
      assertEquals(0, e.validationAccuracy() * 24 % 1, 1e-9, "a count of the 24 rows");
    }
    // trained on the other 72 rows only
    List<Row> training = rows.stream().filter(r -> r.getLong(0) % 4 != 0).toList();
    assertArrayEquals(weights(stage("single", 1).fit(images(training, 2))), weights(single));
    for (String mode : List.of("barrier", "reference")) {
      SnnModel distributed = stage(mode, 2).setValidationIndicatorCol("holdout").fit(marked);
      assertArrayEquals(weights(single), weights(distributed), mode);
      for (int e = 0; e < epochs.size(); e++) {
        assertEquals(
            epochs.get(e).validationAccuracy(),
            distributed.history().epochs().get(e).validationAccuracy(),
            mode + " epoch " + e);
      }
    }
    org.sparksnn.ops.DataFormatException missing =
        assertThrows(
            org.sparksnn.ops.DataFormatException.class,
            () -> stage("single", 1).setValidationIndicatorCol("held").fit(marked));
    assertTrue(missing.getMessage().contains("held"), missing.getMessage());
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                stage("single", 1)
                    .setValidationIndicatorCol("holdout")
                    .fit(images(rows, 1).withColumn("holdout", org.apache.spark.sql.functions.lit(false))));
    assertEquals(
        "TrainStage.validationIndicatorCol holdout: no row is marked for validation", none.getMessage());
  }

  @Test
  void voltagesDrawnPerTrainingStepGiveBitIdenticalWeightsWhateverThePartitioning() {
    String perStep =
        ARCHITECTURE
            .replace("readout: mean\n", "readout: mean\ninitialVoltage: uniform-per-step\n")
            .replace("neuron: spiking-relu}", "neuron: spiking-relu, spikingAwareTraining: true}");
    assertTrue(perStep.contains("uniform-per-step") && perStep.contains("spikingAwareTraining"));
    float[] single = weights(base("single", 1).setArchitecture(perStep).fit(images(rows, 1)));
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(2));
    for (int n = 1; n <= 2; n++) {
      assertArrayEquals(
          single,
          weights(base("barrier", n).setArchitecture(perStep).fit(images(shuffled, 3))),
          "barrier " + n);
    }
    assertArrayEquals(
        single,
        weights(base("reference", 2).setArchitecture(perStep).fit(images(shuffled, 2))),
        "reference 2");
    String fixed = perStep.replace("uniform-per-step", "uniform");
    float[] fixedWeights = weights(base("single", 1).setArchitecture(fixed).fit(images(rows, 1)));
    assertFalse(java.util.Arrays.equals(single, fixedWeights), "the draws per step change training");
  }

  @Test
  void fittedModelPredictsTheTrainingClassesWithProbabilities() {
    SnnModel model = stage("barrier", 2).setEpochs(6).fit(images(rows, 2));
    assertEquals(6, model.history().epochs().size());
    List<Row> out = model.transform(images(rows, 2)).select("label", "prediction", "probability").collectAsList();
    assertEquals(rows.size(), out.size());
    int correct = 0;
    for (Row r : out) {
      Vector p = (Vector) r.get(2);
      double sum = 0;
      for (double v : p.toArray()) {
        sum += v;
      }
      assertEquals(1.0, sum, 1e-9);
      assertEquals(p.argmax(), (int) r.getDouble(1));
      correct += r.getInt(0) == (int) r.getDouble(1) ? 1 : 0;
    }
    assertTrue(correct >= 90, "correct " + correct + " of 96");

    // two rows with the same id but different images are each scored on their own image
    List<Row> sameId = new ArrayList<>();
    for (int i : new int[] {0, 2}) {
      Row r = rows.get(i);
      sameId.add(RowFactory.create(99L, r.getInt(1), 6, 6, 1, r.get(5)));
    }
    List<Row> twins = model.transform(images(sameId, 1)).select("probability").collectAsList();
    List<Row> originals =
        model.transform(images(List.of(rows.get(0), rows.get(2)), 1)).select("probability").collectAsList();
    assertFalse(twins.get(0).equals(twins.get(1)), "different images, different outputs");
    assertEquals(
        ((Vector) originals.get(0).get(0)).argmax(), ((Vector) twins.get(0).get(0)).argmax());
    assertEquals(
        ((Vector) originals.get(1).get(0)).argmax(), ((Vector) twins.get(1).get(0)).argmax());
  }

  @Test
  void stageAndModelSaveAndLoadRoundTrip(@TempDir java.nio.file.Path dir) throws Exception {
    TrainStage stage = stage("single", 1).setRateRegularizer(0, 1e-4, 5, 20, RateRegularizer.Scope.MEAN_RATE);
    stage.write().save(dir.resolve("stage").toString());
    TrainStage loadedStage = TrainStage.load(dir.resolve("stage").toString());
    assertEquals(stage.extractParamMap().toString(), loadedStage.extractParamMap().toString());

    SnnModel model = stage.fit(images(rows, 2));
    model.write().save(dir.resolve("model").toString());
    SnnModel loaded = SnnModel.load(dir.resolve("model").toString());
    assertArrayEquals(weights(model), weights(loaded));
    assertEquals(model.history().epochs(), loaded.history().epochs());
    assertEquals(
        model.transform(images(rows, 2)).orderBy("id").select("probability").collectAsList(),
        loaded.transform(images(rows, 1)).orderBy("id").select("probability").collectAsList());
    // the model directory inside is a plain spark-snn model directory
    SnnModel fromDir =
        SnnModel.fromDirectory(
            new org.apache.hadoop.fs.Path(dir.resolve("model/model").toString()), new Configuration());
    assertArrayEquals(weights(model), weights(fromDir));
  }

  @Test
  void warmStartFromAModelDirectoryContinuesFromItsWeights(@TempDir java.nio.file.Path dir)
      throws Exception {
    SnnModel first = stage("single", 1).fit(images(rows, 1));
    first.write().save(dir.resolve("first").toString());
    String modelDir = dir.resolve("first/model").toString();
    TrainStage again = base("single", 1).setModelDir(modelDir).setEpochs(1);
    float[] single = weights(again.fit(images(rows, 1)));
    float[] barrier = weights(again.copy(new org.apache.spark.ml.param.ParamMap()).setMode("barrier").setPartitions(2).fit(images(rows, 2)));
    assertArrayEquals(single, barrier);
    assertFalse(java.util.Arrays.equals(single, weights(first)));
  }

  @Test
  void encodedTimeTileTableTrainsLikeTheImagesTable() {
    Dataset<Row> encoded =
        new EncodeStage().setEncoding(Encoding.TIME_TILE).setSteps(4).setDt(0.1).transform(images(rows, 2));
    assertArrayEquals(
        weights(stage("single", 1).fit(images(rows, 2))), weights(stage("barrier", 2).fit(encoded)));
  }

  @Test
  void stochasticEncodersRedrawSpikesEveryEpochUnlikeAStoredEncodedTable() {
    TrainStage rate = stage("single", 1).setEncoding(Encoding.RATE).setMaxSpikes(3).setEncoderSeed(5);
    float[] redrawn = weights(rate.fit(images(rows, 2)));
    assertArrayEquals(redrawn, weights(rate.fit(images(rows, 1))), "deterministic");
    Dataset<Row> stored =
        new EncodeStage().setEncoding(Encoding.RATE).setSteps(4).setDt(0.1).setMaxSpikes(3).setSeed(5)
            .transform(images(rows, 2));
    float[] oneDraw = weights(stage("single", 1).fit(stored));
    assertFalse(java.util.Arrays.equals(redrawn, oneDraw), "epoch 2 sees other spikes");
    // a stored draw cannot be redrawn by the replicas: the distributed modes say what to use
    ConfigException e =
        assertThrows(ConfigException.class, () -> stage("barrier", 2).fit(stored));
    assertTrue(e.getMessage().contains("mode single"), e.getMessage());
  }

  @Test
  void distributedModesRedrawTheEncodersSpikesEveryEpochLikeTheSingleProcessTrainer() {
    float[] single =
        weights(stage("single", 1).setEncoding(Encoding.RATE).setMaxSpikes(3).setEncoderSeed(5)
            .fit(images(rows, 1)));
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(2));
    for (int n = 1; n <= 2; n++) {
      for (String mode : List.of("barrier", "reference")) {
        float[] distributed =
            weights(stage(mode, n).setEncoding(Encoding.RATE).setMaxSpikes(3).setEncoderSeed(5)
                .fit(images(shuffled, 3)));
        assertArrayEquals(single, distributed, mode + " on " + n + " replicas");
      }
    }
    float[] otherSeed =
        weights(stage("barrier", 2).setEncoding(Encoding.RATE).setMaxSpikes(3).setEncoderSeed(6)
            .fit(images(rows, 2)));
    assertFalse(java.util.Arrays.equals(single, otherSeed), "the encoder's seed matters");
  }

  @Test
  void badInputIsRejectedNamingRowColumnAndConstraint() {
    List<Row> bad = new ArrayList<>(rows);
    bad.set(5, RowFactory.create(1005L, 7, 6, 6, 1, new byte[36]));
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> stage("single", 1).fit(images(bad, 2)));
    assertTrue(label.getMessage().contains("row id 1005: column 'label' must be in [0, 3)"), label.getMessage());

    bad.set(5, RowFactory.create(1005L, 1, 5, 5, 1, new byte[25]));
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> stage("single", 1).fit(images(bad, 2)));
    assertTrue(size.getMessage().contains("row id 1005: column 'pixels' must hold 36 inputs"), size.getMessage());

    ConfigException neither =
        assertThrows(ConfigException.class, () -> new TrainStage().fit(images(rows, 1)));
    assertTrue(neither.getMessage().contains("set exactly one of architecture"), neither.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrainStage().setMode("async"));
    DataFormatException column =
        assertThrows(
            DataFormatException.class,
            () -> stage("single", 1).transformSchema(images(rows, 1).drop("pixels").schema()));
    assertTrue(column.getMessage().contains("'pixels'"), column.getMessage());
  }

  @Test
  void provenanceRecordsAConfigHashAndTheDataFingerprint() {
    SnnModel a = stage("single", 1).setEpochs(1).fit(images(rows, 1));
    SnnModel b = stage("single", 1).setEpochs(1).fit(images(rows, 2));
    SnnModel c = stage("single", 1).setEpochs(1).setLearningRate(0.02).fit(images(rows, 1));
    var pa = a.modelFile().provenance();
    assertTrue(pa.configHash().matches("[0-9a-f]{64}"), pa.configHash());
    assertEquals(pa.configHash(), b.modelFile().provenance().configHash());
    assertFalse(pa.configHash().equals(c.modelFile().provenance().configHash()));
    assertEquals(pa.dataFingerprint(), b.modelFile().provenance().dataFingerprint(), "partitioning");
    assertEquals(7L, pa.seed());
    // the checkout's commit (these tests run inside it), not a placeholder
    assertEquals(org.sparksnn.pipeline.model.GitCommit.ofThisCheckout(), pa.gitCommit());
  }

  @Test
  void provenanceRecordsTheNumericsOfTheProcessThatComputedTheWeights() {
    String mine = NumericsFingerprint.ofThisJvm().toString();
    SnnModel single = stage("single", 1).setEpochs(1).fit(images(rows, 1));
    assertEquals(mine, single.modelFile().provenance().numerics());
    // barrier replicas run in this local JVM: the replica that returned the weights reports them
    SnnModel barrier = stage("barrier", 2).setEpochs(1).fit(images(rows, 2));
    assertEquals(mine, barrier.modelFile().provenance().numerics());
    assertTrue(mine.contains("OPENBLAS_CORETYPE="), mine);
  }
}
