package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.io.OutputLock;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * A command takes its output locks before Spark starts, and gives them back when Spark cannot
 * start (no Spark needed: the session supplier here never returns one).
 */
class ConfigCommandTest {
  private static final String CONFIG =
      """
      name: c
      data: {dataset: mnist, dir: /tmp/mnist, fetch: false}
      encode:
        encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}
      output: {dir: %s}
      """;

  @TempDir java.nio.file.Path tmp;

  private final Configuration hadoop = new Configuration();

  private SparkSnnConfig config() {
    return new TypedYaml()
        .load(CONFIG.formatted(tmp.resolve("run")), "c.yaml", List.of(), SparkSnnConfig.class);
  }

  /** Counts its calls and fails the start with {@code failure}. */
  private static final class FailingStart implements Supplier<SparkSession> {
    final AtomicInteger calls = new AtomicInteger();
    final RuntimeException failure;

    FailingStart(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public SparkSession get() {
      calls.incrementAndGet();
      throw failure;
    }
  }

  @Test
  void anOutputInUseIsRefusedBeforeSparkStarts() {
    Path runDir = new Path("file:" + tmp.resolve("run"));
    FailingStart start = new FailingStart(new IllegalStateException("Spark must not start"));
    try (OutputLock other = OutputLock.acquire(runDir, hadoop, false, "train")) {
      for (ConfigCommand command : ConfigCommand.values()) {
        SnnException e =
            assertThrows(
                SnnException.class, () -> command.execute(config(), "", hadoop, start), command.name());
        assertTrue(e.getMessage().contains("output directory is in use by another run"), e.getMessage());
      }
    }
    assertEquals(0, start.calls.get(), "no command started Spark");
  }

  @Test
  void theLocksAreReleasedWhenSparkCannotStart() {
    IllegalArgumentException unreachable = new IllegalArgumentException("--master: no answer");
    FailingStart start = new FailingStart(unreachable);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfigCommand.ENCODE.execute(config(), "", hadoop, start));
    assertSame(unreachable, e);
    assertEquals(1, start.calls.get());
    assertFalse(
        Files.exists(tmp.resolve("run")),
        "the lock file and the run directory the lock created are gone");
    // and the next run gets the lock
    try (OutputLock next = OutputLock.acquire(new Path("file:" + tmp.resolve("run")), hadoop, false, "run")) {
      assertTrue(Files.exists(tmp.resolve("run").resolve(OutputLock.LOCK_FILE)));
    }
  }

  @Test
  void commandNamesAreTheCliCommands() {
    assertEquals(
        List.of("encode", "train", "sweep", "loihi", "run"),
        java.util.Arrays.stream(ConfigCommand.values()).map(ConfigCommand::commandName).toList());
  }
}
