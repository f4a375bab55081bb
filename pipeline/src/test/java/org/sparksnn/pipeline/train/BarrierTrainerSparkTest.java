package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.train.allreduce.AllReduceSchedule;
import org.sparksnn.pipeline.train.allreduce.MeshTransport;

/** The barrier and reference trainers on local[3,2] (3 slots, a failed task may be retried once). */
@Tag("spark")
class BarrierTrainerSparkTest {
  private static SparkSession spark;

  private final SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 3, 10, 3);
  private final TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[3,2]")
            .appName(BarrierTrainerSparkTest.class.getSimpleName())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void oneTwoAndThreeReplicasOverEitherTransportAndTheReferenceModeGiveTheSingleProcessWeights() {
    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.FIXED_POINT);
    TrainingResult local = LocalTrainer.fit(model, data, cfg, new Configuration());
    for (MeshTransport transport : MeshTransport.values()) {
      for (int n = 1; n <= 3; n++) {
        TrainingResult barrier =
            BarrierTrainer.fit(spark, model, data, cfg.withReplicas(n).withTransport(transport));
        String what = "barrier n=" + n + " over " + transport;
        assertEquals(local.params().contentHash(), barrier.params().contentHash(), what);
        assertArrayEquals(local.stepLoss(), barrier.stepLoss(), what);
        assertEquals(local.steps(), barrier.timings().steps(), what + ": every step timed");
        String how = transport == MeshTransport.TCP ? "(TCP, gathered)" : "(in memory)";
        assertTrue(barrier.timings().toString().contains(how), what + ": " + barrier.timings());
      }
    }
    for (int n = 2; n <= 3; n++) {
      TrainingResult ring =
          BarrierTrainer.fit(
              spark,
              model,
              data,
              cfg.withReplicas(n)
                  .withTransport(MeshTransport.TCP)
                  .withAllReduce(AllReduceSchedule.RING));
      assertEquals(local.params().contentHash(), ring.params().contentHash(), "ring n=" + n);
      assertArrayEquals(local.stepLoss(), ring.stepLoss(), "ring n=" + n);
      assertTrue(ring.timings().toString().contains("(TCP, ring)"), ring.timings().toString());
    }
    TrainingResult reference = ReferenceTrainer.fit(spark, model, data, cfg.withReplicas(2));
    assertEquals(local.params().contentHash(), reference.params().contentHash(), "reference");
    assertTrue(
        reference.timings().toString().contains("(a Spark job per step)"),
        reference.timings().toString());
  }

  @ParameterizedTest
  @EnumSource(MeshTransport.class)
  void stageRetriedAfterAnInjectedTaskFailureEndsWithTheUninterruptedWeights(
      MeshTransport transport, @TempDir Path dir) {
    SyncTrainConfig plain =
        SyncTrainConfig.of(3, GradientReduction.FIXED_POINT).withTransport(transport);
    TrainingResult uninterrupted = LocalTrainer.fit(model, data, plain, new Configuration());
    Path marker = dir.resolve("failed-once");
    SyncTrainConfig cfg =
        plain
            .withCheckpoints(dir.resolve("ckpt").toUri().toString(), 3)
            .withFaultInjection(new FaultInjection(1, 5, marker.toUri().toString()));
    TrainingResult retried = BarrierTrainer.fit(spark, model, data, cfg);
    assertTrue(Files.exists(marker), "the failure was injected");
    assertEquals(3, retried.resumedFromStep(), "the retry started from the step-3 checkpoint");
    assertEquals(uninterrupted.steps(), retried.steps());
    assertEquals(uninterrupted.params().contentHash(), retried.params().contentHash());
  }

  @Test
  void replicaZeroReportsEveryEpochToTheDriver() {
    List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
    TrainingResult barrier;
    try (EpochProgress progress = EpochProgress.start(spark, shown::add)) {
      barrier =
          BarrierTrainer.fit(
              spark, model, data, progress.attach(SyncTrainConfig.of(2, GradientReduction.FIXED_POINT)));
      for (int e = 0; e < 3; e++) {
        assertTrue(progress.shown(e), "epoch " + e);
      }
    }
    org.sparksnn.pipeline.report.TrainingHistory history = barrier.history(10, 3, 37, Double.NaN);
    assertEquals(history.epochs().stream().map(e -> e.progressLine(3)).toList(), shown);
    assertTrue(shown.get(2).contains(" train acc 0."), shown.get(2));
  }

  /** 12 inputs → dense 16 → spiking relu (spiking-aware) → dense 3, 5 steps; 2 epochs of batch 8. */
  private static SnnReplicaModel spikingModel() {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {12},
            List.of(
                new LayerSpec.Dense("dense0", 16, true),
                new LayerSpec.Activation("act0", "spiking-relu", Map.of(), true, 1.0, null),
                new LayerSpec.Dense("out", 3, true)),
            0.1,
            5);
    TrainingConfig training =
        new TrainingConfig(
            2, 8, 3, 9, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
    return new SnnReplicaModel(spec, Adam.withLearningRate(0.01), training, 4);
  }

  @Test
  void barrierModeTrainsASpikingNetworkExactlyAsTheSingleProcessTrainer() {
    SnnReplicaModel snn = spikingModel();
    TrainSamples samples = SoftmaxRegressionModel.data(29, 12, 3, 2);
    SyncTrainConfig cfg = SyncTrainConfig.of(3, GradientReduction.ORDERED_FLOAT);
    TrainingResult local = LocalTrainer.fit(snn, samples, cfg, new Configuration());
    TrainingResult barrier = BarrierTrainer.fit(spark, snn, samples, cfg);
    assertEquals(local.params().contentHash(), barrier.params().contentHash());
  }

  @Test
  void replicasValidateEveryEpochTogetherAsOneProcessDoes() {
    SnnReplicaModel snn = spikingModel();
    TrainSamples samples = SoftmaxRegressionModel.data(29, 12, 3, 2);
    // 300 samples: validation batches of 256 and 44, so the third replica has none
    TrainSamples validation = SoftmaxRegressionModel.data(300, 12, 3, 5);
    SyncTrainConfig cfg = SyncTrainConfig.of(3, GradientReduction.ORDERED_FLOAT);
    TrainingResult local = LocalTrainer.fit(snn, samples, validation, cfg, new Configuration());
    TrainingResult barrier = BarrierTrainer.fit(spark, snn, samples, validation, cfg);
    TrainingResult reference = ReferenceTrainer.fit(spark, snn, samples, validation, cfg.withReplicas(2));
    assertEquals(2, local.epochValidation().length);
    assertArrayEquals(local.epochValidation(), barrier.epochValidation());
    assertArrayEquals(local.epochValidation(), reference.epochValidation());
    // the single-process measure of the final weights
    org.sparksnn.ops.train.Trainer single =
        new org.sparksnn.ops.train.Trainer(
            org.sparksnn.ops.net.Network.compile(snn.spec(), org.sparksnn.ops.neuron.NeuronTypes::create),
            snn.optimizer(),
            snn.training());
    double accuracy =
        single.accuracy(
            barrier.params(),
            org.sparksnn.ops.train.Dataset.timeTiled(
                validation.ids(), validation.features(), validation.labels()),
            SnnReplicaModel.VALIDATION_BATCH);
    assertEquals(accuracy, barrier.epochValidation()[1]);
    assertTrue(accuracy > 0.2, "above nothing: " + accuracy);
    // without validation data nothing is measured
    assertTrue(Double.isNaN(BarrierTrainer.fit(spark, snn, samples, cfg).epochValidation()[1]));
  }

  @Test
  void replicasWithDifferentNumericsRefuseToTrainWithoutAStageRetry() throws Exception {
    SyncTrainConfig cfg = SyncTrainConfig.of(2, GradientReduction.FIXED_POINT);
    AtomicInteger failedTasks = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
              failedTasks.incrementAndGet();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      SimulationException e =
          assertThrows(
              SimulationException.class,
              () ->
                  BarrierTrainer.fit(
                      spark,
                      model,
                      data,
                      null,
                      cfg,
                      rank ->
                          new NumericsFingerprint(
                              rank == 0 ? "00000000000000aa" : "00000000000000bb",
                              "OPENBLAS_CORETYPE=" + (rank == 0 ? "Zen" : "Haswell"))));
      assertTrue(e.getMessage().startsWith("training refused: "), e.getMessage());
      assertTrue(e.getMessage().contains("replica 0 (executor driver, host "), e.getMessage());
      assertTrue(e.getMessage().contains("00000000000000bb (OPENBLAS_CORETYPE=Haswell)"), e.getMessage());
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(0, failedTasks.get(), "refused by the replicas' outcome, not a task failure");
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    // the same replicas with the same numerics train
    TrainingResult ok =
        BarrierTrainer.fit(
            spark, model, data, null, cfg, rank -> new NumericsFingerprint("00000000000000aa", "same"));
    assertEquals(LocalTrainer.fit(model, data, cfg, new Configuration()).params().contentHash(),
        ok.params().contentHash());
  }

  @Test
  void rejectsMoreReplicasThanTaskSlotsNamingTheSetting() {
    TooFewTaskSlotsException e =
        assertThrows(
            TooFewTaskSlotsException.class,
            () ->
                BarrierTrainer.fit(
                    spark, model, data, SyncTrainConfig.of(4, GradientReduction.FIXED_POINT)));
    assertEquals(
        "SyncTrainConfig.replicas must be <= the cluster's task slots, 3 (executor cores /"
            + " spark.task.cpus; a barrier stage runs all its tasks at once), got 4",
        e.getMessage());
    assertEquals(
        "train.partitions must be <= the cluster's task slots, 3 (executor cores /"
            + " spark.task.cpus; a barrier stage runs all its tasks at once), got 4",
        e.named("train.partitions").getMessage());
  }

  @Test
  void measuresPerStepTimeOfBarrierAndReferenceModes() {
    // 400 samples, batch 8, micro 4: 50 steps, one epoch; tiny compute per step
    SoftmaxRegressionModel m = SoftmaxRegressionModel.of(20, 5, 1, 8, 4);
    TrainSamples d = SoftmaxRegressionModel.data(400, 20, 5, 3);
    SyncTrainConfig cfg = SyncTrainConfig.of(2, GradientReduction.FIXED_POINT);
    TrainSamples warmUp = SoftmaxRegressionModel.data(80, 20, 5, 4);
    BarrierTrainer.fit(spark, m, warmUp, cfg);
    ReferenceTrainer.fit(spark, m, warmUp, cfg);
    long t0 = System.nanoTime();
    TrainingResult barrier = BarrierTrainer.fit(spark, m, d, cfg);
    double barrierWall = (System.nanoTime() - t0) / 1e6;
    t0 = System.nanoTime();
    TrainingResult reference = ReferenceTrainer.fit(spark, m, d, cfg);
    double referenceWall = (System.nanoTime() - t0) / 1e6;
    double local = LocalTrainer.fit(m, d, cfg, new Configuration()).millisPerStep();
    assertEquals(barrier.params().contentHash(), reference.params().contentHash());
    // measurement, read from the surefire output file
    System.out.printf(
        "MEASURED 2 replicas, %d steps: barrier %.3f ms/step in-loop (%.0f ms whole call), "
            + "reference %.3f ms/step in-loop (%.0f ms whole call), single process %.3f ms/step%n",
        barrier.steps(),
        barrier.millisPerStep(),
        barrierWall,
        reference.millisPerStep(),
        referenceWall,
        local);
  }
}
