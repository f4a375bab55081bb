package org.sparksnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster commands do without starting Spark: status, idempotent stop, PID safety. */
class StandaloneClusterTest {
  @TempDir Path dir;

  private StandaloneCluster cluster() {
    return new StandaloneCluster(
        ClusterSpec.defaults(dir.resolve("run")),
        new SparkDistribution(dir.resolve("spark-home"), dir));
  }

  @Test
  void statusOfAnEmptyRunDirIsNotRunningAndStopIsIdempotent() {
    StandaloneCluster c = cluster();
    ClusterStatus s = c.status();
    assertFalse(s.masterAlive());
    assertFalse(s.running());
    assertEquals("cluster: not running", s.describe());
    assertEquals(0, c.stop());
    assertEquals(0, c.stop());
    assertTrue(c.executorPids().isEmpty());
  }

  @Test
  void stopNeverSignalsAProcessItDidNotStart() throws Exception {
    Process stranger = new ProcessBuilder("sleep", "60").start();
    try {
      Path run = dir.resolve("run");
      Files.createDirectories(run);
      Files.writeString(run.resolve("master.pid"), stranger.pid() + "\n");
      Files.writeString(run.resolve("worker-1.pid"), stranger.pid() + "\n");
      StandaloneCluster c = cluster();
      assertFalse(c.status().masterAlive(), "a PID without the run dir's marker is not ours");
      assertEquals(0, c.stop());
      assertFalse(stranger.waitFor(300, TimeUnit.MILLISECONDS), "the stranger still runs");
      assertFalse(Files.exists(run.resolve("master.pid")), "stale PID files are removed");
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void specRejectsBadShapesNamingTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClusterSpec(dir, 0, 1, "1g", 7077, 18080));
    assertTrue(e.getMessage().contains("ClusterSpec.workers"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClusterSpec(dir, 2, 1, "1g", 80, 18080));
    assertTrue(e.getMessage().contains("ClusterSpec.masterPort"), e.getMessage());
    assertEquals("spark://127.0.0.1:7078", ClusterSpec.defaults(dir).withPorts(7078, 18090).masterUrl());
  }

  @Test
  void describesARunningCluster() {
    ClusterStatus s =
        new ClusterStatus("spark://127.0.0.1:7077", 18080, true, java.util.List.of(11L, 12L), 2, 2);
    assertTrue(s.running());
    assertTrue(s.describe().contains("master:  spark://127.0.0.1:7077"), s.describe());
    assertTrue(s.describe().contains("workers: 2 alive (2 worker JVMs, 2 cores)"), s.describe());
    assertTrue(s.describe().contains("web UI:  http://127.0.0.1:18080"), s.describe());
  }

  @Test
  void startRefusesAMasterPortInUseNamingThePortItsHolderAndTheOption() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      StandaloneCluster c =
          new StandaloneCluster(
              ClusterSpec.defaults(dir.resolve("run")).withPorts(port, 18080),
              new SparkDistribution(dir.resolve("spark-home"), dir));
      org.sparksnn.ops.SnnException e =
          assertThrows(
              org.sparksnn.ops.SnnException.class, () -> c.start(java.time.Duration.ofSeconds(5)));
      String prefix =
          "cannot start the cluster: master port " + port + " on 127.0.0.1 is in use (pid "
              + ProcessHandle.current().pid();
      assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
      assertTrue(e.getMessage().endsWith("); choose another with --port"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("spark-home")), "refused before building SPARK_HOME");
    }
  }

  @Test
  void startRefusesTheWebUiPortOfTheLastWorkerNamingTheWorkerAndTheOption() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      // 2 workers: their web UIs take --webui-port + 1 and + 2; the second one is in use
      int port = taken.getLocalPort();
      int webUi = port - 2;
      int master;
      try (java.net.ServerSocket free =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        master = free.getLocalPort();
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(
          master != webUi && master != webUi + 1 && LocalPorts.isFree(master)
              && LocalPorts.isFree(webUi) && LocalPorts.isFree(webUi + 1),
          "the ports below the taken one are free");
      StandaloneCluster c =
          new StandaloneCluster(
              ClusterSpec.defaults(dir.resolve("run")).withPorts(master, webUi),
              new SparkDistribution(dir.resolve("spark-home"), dir));
      org.sparksnn.ops.SnnException e =
          assertThrows(
              org.sparksnn.ops.SnnException.class, () -> c.start(java.time.Duration.ofSeconds(5)));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "cannot start the cluster: web UI port of worker 2 (--webui-port + 2) "
                      + port
                      + " on 127.0.0.1 is in use"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("; choose another with --webui-port"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("spark-home")), "refused before building SPARK_HOME");
    }
  }

  @Test
  void stopRemovesTheApplicationJarsOfFinishedAppsAndKeepsTheirLogs() throws Exception {
    Path executor = dir.resolve("run/work/worker-1/app-20260101000000-0000/0");
    Files.createDirectories(executor);
    Files.write(executor.resolve("spark-snn-jobs-assembly.jar"), new byte[4096]);
    Files.writeString(executor.resolve("stderr"), "log");
    assertEquals(0, cluster().stop());
    assertFalse(Files.exists(executor.resolve("spark-snn-jobs-assembly.jar")));
    assertEquals("log", Files.readString(executor.resolve("stderr")));
  }

  @Test
  void workersCleanUpFinishedApplicationsAfterTenMinutes() {
    assertEquals(
        java.util.List.of(
            "-Dspark.worker.cleanup.enabled=true",
            "-Dspark.worker.cleanup.interval=60",
            "-Dspark.worker.cleanup.appDataTtl=600"),
        StandaloneCluster.WORKER_CLEANUP);
  }
}
