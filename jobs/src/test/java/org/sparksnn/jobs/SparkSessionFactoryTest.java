package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.sparksnn.jobs.cluster.JvmOptions;
import org.sparksnn.pipeline.executor.KernelWarmUpPlugin;

class SparkSessionFactoryTest {
  @Test
  void executorsGetTheVectorLoopsJitSetting() {
    SparkConf conf = SparkSessionFactory.conf("t", "local-cluster[2,1,1024]", Map.of());
    List<String> options = List.of(conf.get("spark.executor.defaultJavaOptions").split(" "));
    assertTrue(options.containsAll(JvmOptions.VECTOR_LOOPS_JIT), options.toString());
    assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
  }

  @Test
  void executorsStartTheKernelWarmUpBesideTheUsersPlugins() {
    String plugin = KernelWarmUpPlugin.class.getName();
    assertEquals(plugin, SparkSessionFactory.conf("t", "local[1]", Map.of()).get("spark.plugins"));
    SparkConf withOthers =
        SparkSessionFactory.conf("t", "local[1]", Map.of("spark.plugins", "com.example.A"));
    assertEquals("com.example.A," + plugin, withOthers.get("spark.plugins"));
    SparkConf named =
        SparkSessionFactory.conf(
            "t", "local[1]", Map.of("spark.plugins", plugin + ", com.example.A"));
    assertEquals(plugin + ", com.example.A", named.get("spark.plugins"));
  }

  @Test
  void aConfiguredExecutorDefaultIsKept() {
    SparkConf conf =
        SparkSessionFactory.conf(
            "t", "local[1]", Map.of("spark.executor.defaultJavaOptions", "-Dsite=1"));
    assertEquals("-Dsite=1", conf.get("spark.executor.defaultJavaOptions"));
  }

  @Test
  void theLauncherTheBenchmarksAndTheTestsPassTheSameJitSettingAsTheExecutors() throws Exception {
    java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("sparksnn.root", ".."));
    for (String file : List.of("bin/spark-snn", "bench/jobs-classpath.sh", "pom.xml")) {
      String text = java.nio.file.Files.readString(root.resolve(file));
      for (String option : JvmOptions.VECTOR_LOOPS_JIT) {
        assertTrue(text.contains(option), file + " lacks " + option);
      }
    }
  }

  @Test
  void theHadoopConfigurationBeforeSparkStartsTakesTheConfigsSparkHadoopSettings() {
    org.apache.hadoop.conf.Configuration hadoop =
        SparkSessionFactory.hadoopConfiguration(
            "local[1]", Map.of("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"));
    assertEquals("http://127.0.0.1:9000", hadoop.get("fs.s3a.endpoint"));
    assertEquals(null, hadoop.get("spark.hadoop.fs.s3a.endpoint"));
  }

  @Test
  void aMasterUrlSparkCannotParseIsRejectedBeforeSparkStarts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkSessionFactory.create("t", "foo://bar", Map.of()));
    assertTrue(
        e.getMessage().startsWith("--master: 'foo://bar' is not a Spark master URL"),
        e.getMessage());
    SparkSessionFactory.checkMaster("local[2]");
    SparkSessionFactory.checkMaster(null);
  }

  @Test
  void aSparkMasterThatDoesNotAnswerIsRejectedAtOnceBeforeSparkStarts() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "spark://127.0.0.1:" + port;
    long t0 = System.nanoTime();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkSessionFactory.create("t", url, Map.of()));
    assertEquals(
        "--master " + url + ": cannot connect (Connection refused); is the cluster running?"
            + " bin/spark-snn cluster status",
        e.getMessage());
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "at once, not after Spark's retries");
  }

  @Test
  void yarnWithoutSparksYarnSupportNamesTheMissingModule() {
    assumeFalse(onClassPath("org.apache.spark.scheduler.cluster.YarnClusterManager"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkSessionFactory.checkMaster("yarn"));
    assertEquals(
        "--master: 'yarn' needs Spark's YARN support (spark-yarn), which is not on the class path;"
            + " submit the job with spark-submit instead",
        e.getMessage());
    assumeFalse(onClassPath("org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SparkSessionFactory.checkMaster("k8s://https://api:6443"))
            .getMessage()
            .contains("Kubernetes support (spark-kubernetes)"));
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, SparkSessionFactoryTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
