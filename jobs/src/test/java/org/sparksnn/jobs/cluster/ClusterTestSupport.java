package org.sparksnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.TrainSamples;

/**
 * What the cluster tests share: the project root, the assembly jar and SPARK_HOME the build passes
 * in (jobs/pom.xml, profile {@code cluster}), a small spiking model with its data, a Spark session
 * on any master with the assembly shipped to executors, {@code spark-submit} as a child JVM, and
 * MNIST (the checkout's {@code data/mnist}, or an MNIST-shaped synthetic set when it is missing).
 */
final class ClusterTestSupport {
  private ClusterTestSupport() {}

  /** The module's build directory (target or -Dbuild.dir.name). */
  static Path buildDir() {
    return Path.of(System.getProperty("sparksnn.buildDir", "target")).toAbsolutePath().normalize();
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("sparksnn.root", "..")).toAbsolutePath().normalize();
  }

  static Path assemblyJar() {
    Path jar = Path.of(System.getProperty("sparksnn.assembly", "missing.jar"));
    assertTrue(
        Files.isRegularFile(jar),
        "assembly jar " + jar + " missing: run the cluster tests with mvn verify -Pcluster");
    return jar;
  }

  /** The SPARK_HOME of the environment (surefire sets it), built if needed. */
  static SparkDistribution distribution() {
    String home = System.getenv("SPARK_HOME");
    assertTrue(home != null, "SPARK_HOME must be set (jobs/pom.xml, profile cluster)");
    return new SparkDistribution(Path.of(home), projectRoot()).ensure();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A free port {@code p} with {@code p+1 .. p+workers} free too (web UIs of master and workers). */
  static int freeUiPortBlock(int workers) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = freePort();
      boolean ok = p + workers < 65535;
      for (int i = 1; ok && i <= workers; i++) {
        ok = isFree(p + i);
      }
      if (ok) {
        return p;
      }
    }
    throw new IllegalStateException("no block of " + (workers + 1) + " free ports found");
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }

  /** A session on {@code master} whose executors get the application from the assembly. */
  static SparkSession session(String master, String app) {
    return SparkSession.builder()
        .master(master)
        .appName(app)
        .config("spark.jars", assemblyJar().toString())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executorEnv.OMP_NUM_THREADS", "1")
        .config("spark.executor.memory", "1g")
        .config("spark.task.maxFailures", "4")
        .config("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
  }

  /** Blocks until {@code n} executors (besides the driver) are registered. */
  static void awaitExecutors(SparkSession spark, int n, long timeoutMillis) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) {
      assertTrue(System.currentTimeMillis() < end, "executors did not register in time");
      Thread.sleep(100);
    }
  }

  /** inputs-hidden-10 spiking (spiking-relu, spiking-aware) over 10 steps, Adam, cross-entropy. */
  static SnnReplicaModel model(int inputs, int hidden, int epochs, int batch, int micro) {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {inputs},
            List.of(
                new LayerSpec.Dense("dense0", hidden, true),
                new LayerSpec.Activation("act0", "spiking-relu", java.util.Map.of(), true, 1.0, null),
                new LayerSpec.Dense("out", 10, true)),
            0.1,
            10);
    TrainingConfig training =
        new TrainingConfig(
            epochs, batch, micro, 7, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
    return new SnnReplicaModel(spec, Adam.withLearningRate(0.003), training, 11);
  }

  /** {@code n} samples, {@code features} inputs in [0, 1), label-dependent means, fixed seed. */
  static TrainSamples data(int n, int features, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] ids = new long[n];
    int[] labels = new int[n];
    float[][] x = new float[n][features];
    for (int i = 0; i < n; i++) {
      ids[i] = 5000 + i;
      labels[i] = rnd.nextInt(10);
      for (int k = 0; k < features; k++) {
        x[i][k] = (float) (rnd.nextDouble() * 0.5 + (k % 10 == labels[i] ? 0.5 : 0.0));
      }
    }
    return new TrainSamples(ids, labels, x);
  }

  /** The checkout's MNIST if complete, else a synthetic MNIST-shaped set written into {@code dir}. */
  static Path mnist(Path dir) throws IOException {
    Path real = projectRoot().resolve("data/mnist");
    String[] files = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };
    boolean complete = true;
    for (String f : files) {
      complete &= Files.exists(real.resolve(f)) || Files.exists(real.resolve(f + ".gz"));
    }
    if (complete) {
      return real;
    }
    Files.createDirectories(dir);
    SplittableRandom rng = new SplittableRandom(3);
    writeSplit(dir, "train", 12000, rng);
    writeSplit(dir, "t10k", 2000, rng);
    return dir;
  }

  private static void writeSplit(Path dir, String prefix, int n, SplittableRandom rng) throws IOException {
    byte[] px = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      labels[i] = (byte) c;
      for (int k = 0; k < 784; k++) {
        boolean on = (k / 28) / 7 == c % 4 && (k % 28) / 7 == c / 4;
        px[i * 784 + k] = (byte) (on ? 150 + rng.nextInt(100) : rng.nextInt(60));
      }
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"))) {
      IdxWriter.writeImages(o, new ImageSet(n, 28, 28, 1, px));
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
      IdxWriter.writeLabels(o, new LabelSet(n, labels));
    }
  }

  /**
   * {@code spark-submit --master MASTER --class MAIN assembly.jar ARGS} as a child JVM (Spark's
   * SparkSubmit from the SPARK_HOME jars, as in spark-cluster.md); fails the test on a non-zero
   * exit with the tail of its log. Returns the wall time in seconds.
   */
  static double sparkSubmit(Path workDir, String master, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    SparkDistribution dist = distribution();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    cmd.addAll(JvmOptions.spark());
    cmd.addAll(List.of("-cp", dist.classpath(), "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(List.of("--master", master, "--deploy-mode", "client"));
    cmd.addAll(List.of("--conf", "spark.driver.host=127.0.0.1"));
    cmd.addAll(List.of("--conf", "spark.executor.memory=1g"));
    cmd.addAll(List.of("--conf", "spark.ui.enabled=false"));
    cmd.addAll(List.of("--conf", "spark.scheduler.barrier.maxConcurrentTasksCheck.interval=1s"));
    cmd.addAll(List.of("--class", mainClass, assemblyJar().toString()));
    cmd.addAll(args);
    Files.createDirectories(workDir);
    Path log = workDir.resolve("spark-submit-" + mainClass.substring(mainClass.lastIndexOf('.') + 1)
        + "-" + master.replaceAll("[^A-Za-z0-9]", "_") + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", dist.home().toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("OMP_NUM_THREADS", "1");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit timed out; log " + log);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new AssertionError(
          "spark-submit exited with "
              + p.exitValue()
              + "; log "
              + log
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }
    assertEquals(0, p.exitValue());
    return seconds;
  }
}
