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
}
