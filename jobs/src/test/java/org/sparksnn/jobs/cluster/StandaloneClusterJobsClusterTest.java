package org.sparksnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.JobArgs;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.ConfigCommand;
import org.sparksnn.pipeline.train.BarrierTrainer;
import org.sparksnn.pipeline.train.GradientReduction;
import org.sparksnn.pipeline.train.LocalTrainer;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.SyncTrainConfig;
import org.sparksnn.pipeline.train.TrainSamples;
import org.sparksnn.pipeline.train.TrainingResult;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * A real standalone cluster (master + 2 worker JVMs on 127.0.0.1, started by {@link
 * StandaloneCluster} from the SPARK_HOME of Maven jars) shared by all tests here: the quickstart
 * through {@code spark-submit} with the assembly jar equals the same run on {@code local[2]}; a
 * barrier-mode training run equals the single-process trainer; and a training whose executor JVM is
 * killed with SIGKILL resumes from its last checkpoint and ends with the uninterrupted weights.
 */
@Tag("cluster")
class StandaloneClusterJobsClusterTest {
  /** Columns of results.csv that legitimately differ between two runs: paths and timings. */
  private static final Set<String> VOLATILE_COLUMNS = Set.of("key", "model", "seconds", "task_seconds");

  @TempDir static Path tmp;
  private static StandaloneCluster cluster;
  private static ClusterStatus status;
  private static double startSeconds;

  @BeforeAll
  static void startCluster() {
    int uiPort = ClusterTestSupport.freeUiPortBlock(2);
    ClusterSpec spec =
        new ClusterSpec(
            ClusterTestSupport.buildDir().resolve("cluster-test-run"),
            2,
            1,
            "2g",
            ClusterTestSupport.freePort(),
            uiPort);
    cluster = new StandaloneCluster(spec, ClusterTestSupport.distribution());
    cluster.stop(); // a previous run killed before its @AfterAll
    long t0 = System.nanoTime();
    status = cluster.start(Duration.ofSeconds(120));
    startSeconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(2, status.aliveWorkers(), status.describe());
    System.out.printf("MEASURED standalone cluster start (master + 2 workers): %.1f s%n", startSeconds);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster == null) {
      return;
    }
    cluster.stop();
    ClusterStatus after = cluster.status();
    assertFalse(after.masterAlive());
    assertTrue(after.workerPids().isEmpty());
    assertTrue(cluster.executorPids().isEmpty());
    assertEquals(0, cluster.stop(), "stop is idempotent");
  }

  @Test
  void quickstartThroughSparkSubmitEqualsLocalTwo() throws Exception {
    Path data = ClusterTestSupport.mnist(tmp.resolve("mnist"));
    Path conf = ClusterTestSupport.projectRoot().resolve("conf/quickstart.yaml");
    // reduced quickstart: 10 000 training images, 1 epoch, 2 000 test images (sweep and Loihi)
    List<String> common =
        List.of(
            "data.dir=" + data,
            "data.fetch=false",
            "data.trainLimit=10000",
            "data.testLimit=2000",
            "train.epochs=1");
    Path local = tmp.resolve("quickstart-local");
    Path onCluster = tmp.resolve("quickstart-cluster");

    long t0 = System.nanoTime();
    runInProcess(conf, common, local, "local[2]", true);
    double localSeconds = (System.nanoTime() - t0) / 1e9;
    double clusterSeconds =
        ClusterTestSupport.sparkSubmit(
            tmp.resolve("submit-run"),
            status.masterUrl(),
            "org.sparksnn.jobs.RunJob",
            args(conf, common, onCluster));

    assertTrue(Files.exists(onCluster.resolve("report.html")), "report written");
    assertArrayEquals(
        Files.readAllBytes(local.resolve("model/weights.npz")),
        Files.readAllBytes(onCluster.resolve("model/weights.npz")),
        "model weights");
    List<String> localTable = stableRows(local.resolve("sweep/results/results.csv"));
    assertEquals(12, localTable.size() - 1, "12 sweep points");
    assertEquals(localTable, stableRows(onCluster.resolve("sweep/results/results.csv")), "sweep table");
    assertEquals(
        Files.readString(local.resolve("loihi/resources.json")),
        Files.readString(onCluster.resolve("loihi/resources.json")),
        "Loihi resources");
    System.out.printf(
        "MEASURED reduced quickstart (10000 train / 2000 test images, 1 epoch, 12 sweep points):"
            + " local[2] in-process %.1f s, spark-submit RunJob on the 2-worker cluster %.1f s%n",
        localSeconds, clusterSeconds);
  }

  @Test
  void barrierTrainingThroughSparkSubmitEqualsTheSingleProcessTrainer() throws Exception {
    Path data = ClusterTestSupport.mnist(tmp.resolve("mnist"));
    Path conf = tmp.resolve("barrier.yaml");
    // 6400 images / batch 32 = 200 steps per epoch, 2 epochs = 400 steps, time-tiled input
    Files.writeString(
        conf,
        """
        name: cluster-barrier
        data: {dataset: mnist, trainLimit: 6400, testLimit: 500}
        model:
          input: [784]
          dt: 0.1
          steps: 10
          readout: mean
          layers:
            - {type: dense, name: dense0, units: 64}
            - {type: activation, name: act0, neuron: spiking-relu, spikingAwareTraining: true}
            - {type: dense, name: out, units: 10}
        train:
          epochs: 2
          batchSize: 32
          microBatchSize: 8
          optimizer: {type: adam, learningRate: 0.002}
          seed: 3
          mode: barrier
          partitions: 2
          checkpointEvery: 100
        output: {dir: unused}
        """);
    List<String> common = List.of("data.dir=" + data, "data.fetch=false");
    Path single = tmp.resolve("barrier-single");
    // a relative output.dir, as the configs in conf/ have: the driver resolves it in its working
    // directory, and the executors must checkpoint there too, not in theirs
    Path barrier = tmp.resolve("submit-train").resolve("barrier-cluster");
    List<String> singleOverrides = new ArrayList<>(common);
    singleOverrides.add("train.mode=single");
    long t0 = System.nanoTime();
    runInProcess(conf, singleOverrides, single, "local[2]", false);
    double singleSeconds = (System.nanoTime() - t0) / 1e9;
    double clusterSeconds =
        ClusterTestSupport.sparkSubmit(
            tmp.resolve("submit-train"),
            status.masterUrl(),
            "org.sparksnn.jobs.TrainJob",
            args(conf, common, Path.of("barrier-cluster")));
    assertArrayEquals(
        Files.readAllBytes(single.resolve("model/weights.npz")),
        Files.readAllBytes(barrier.resolve("model/weights.npz")),
        "weights after 400 steps");
    try (var files = Files.list(barrier.resolve("checkpoints"))) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().matches("ckpt-\\d{12}\\.bin")),
          "barrier mode checkpointed beside the model");
    }
    System.out.printf(
        "MEASURED 400 training steps (784-64-10, batch 32): single process on local[2] %.1f s,"
            + " spark-submit TrainJob barrier mode on 2 workers %.1f s%n",
        singleSeconds, clusterSeconds);
  }

  @Test
  void killedExecutorJvmResumesFromTheLastCheckpointWithTheUninterruptedWeights() throws Exception {
    // 2000 samples / batch 32 = 63 steps per epoch, 12 epochs = 756 steps; kill at step >= 100
    SnnReplicaModel model = ClusterTestSupport.model(784, 128, 12, 32, 8);
    TrainSamples data = ClusterTestSupport.data(2000, 784, 9);
    SyncTrainConfig plain = SyncTrainConfig.of(2, GradientReduction.ORDERED_FLOAT);
    long t0 = System.nanoTime();
    TrainingResult uninterrupted = LocalTrainer.fit(model, data, plain, new Configuration());
    double singleSeconds = (System.nanoTime() - t0) / 1e9;
    Path checkpoints = tmp.resolve("kill-checkpoints");
    SyncTrainConfig cfg = plain.withCheckpoints(checkpoints.toUri().toString(), 50);

    SparkSession spark = ClusterTestSupport.session(status.masterUrl(), "kill-executor");
    try {
      ClusterTestSupport.awaitExecutors(spark, 2, 120_000);
      List<Long> before = cluster.executorPids();
      assertEquals(2, before.size(), "one executor JVM per worker: " + before);
      AtomicLong killed = new AtomicLong(-1);
      AtomicLong killedAfterCheckpoint = new AtomicLong(-1);
      Thread killer =
          new Thread(
              () -> killAfterCheckpoint(checkpoints, 100, before.get(1), killed, killedAfterCheckpoint),
              "executor-killer");
      killer.setDaemon(true);
      killer.start();
      t0 = System.nanoTime();
      TrainingResult retried = BarrierTrainer.fit(spark, model, data, cfg);
      double clusterSeconds = (System.nanoTime() - t0) / 1e9;
      killer.interrupt();
      killer.join();

      assertEquals(before.get(1), killed.get(), "the executor was killed during training");
      assertTrue(retried.resumedFromStep() >= 100, "resumed from " + retried.resumedFromStep());
      assertEquals(uninterrupted.steps(), retried.steps());
      assertEquals(uninterrupted.params().contentHash(), retried.params().contentHash());
      assertFalse(ProcessHandle.of(killed.get()).map(ProcessHandle::isAlive).orElse(false));
      System.out.printf(
          "MEASURED %d steps (784-128-10, batch 32) on 2 workers with executor pid %d killed (SIGKILL)"
              + " after checkpoint %d: resumed from step %d, %.1f s; single process %.1f s%n",
          retried.steps(),
          killed.get(),
          killedAfterCheckpoint.get(),
          retried.resumedFromStep(),
          clusterSeconds,
          singleSeconds);
    } finally {
      spark.stop();
    }
  }

  /** Waits for a checkpoint of step >= {@code step}, then SIGKILLs {@code pid}. */
  private static void killAfterCheckpoint(
      Path dir, long step, long pid, AtomicLong killed, AtomicLong atCheckpoint) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        long latest = latestCheckpoint(dir);
        if (latest >= step) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          killed.set(pid);
          atCheckpoint.set(latest);
          return;
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long latestCheckpoint(Path dir) {
    String[] names = dir.toFile().list();
    if (names == null) {
      return -1;
    }
    return Arrays.stream(names)
        .filter(n -> n.startsWith("ckpt-") && n.endsWith(".bin"))
        .mapToLong(n -> Long.parseLong(n.substring(5, n.length() - 4)))
        .max()
        .orElse(-1);
  }

  private static List<String> args(Path conf, List<String> overrides, Path out) {
    List<String> a = new ArrayList<>();
    a.add(conf.toString());
    for (String o : overrides) {
      a.add("--set");
      a.add(o);
    }
    a.add("--set");
    a.add("output.dir=" + out);
    return a;
  }

  /** The same stages RunJob / TrainJob run, in this JVM on {@code master}. */
  private static void runInProcess(
      Path conf, List<String> overrides, Path out, String master, boolean all) {
    List<String> o = new ArrayList<>(overrides);
    o.add("output.dir=" + out);
    SparkSnnConfig config = new JobArgs(conf.toString(), o).load(new Configuration());
    String yaml = new TypedYaml().toYaml(config);
    SparkSession spark = SparkSessionFactory.create("reference " + config.name(), master, config.spark());
    try {
      if (all) {
        ConfigCommand.RUN.run(spark, config, yaml);
      } else {
        ConfigCommand.TRAIN.run(spark, config, yaml);
      }
    } finally {
      spark.stop();
    }
  }

  /** The CSV's rows without the volatile columns, header first, data rows sorted. */
  private static List<String> stableRows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split(",", -1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < header.length && i < cells.length; i++) {
        if (!VOLATILE_COLUMNS.contains(header[i])) {
          b.append(cells[i]).append(',');
        }
      }
      out.add(b.toString());
    }
    List<String> rows = new ArrayList<>(out.subList(1, out.size()));
    rows.sort(null);
    rows.add(0, out.get(0));
    return rows;
  }
}
