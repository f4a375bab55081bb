package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of the config-driven commands: the config as {@code CONFIG} or {@code --conf}, and a
 * bad {@code --master} fails before any work.
 */
class ConfOptionsTest {
  private static final String FOO_BAR =
      "error: --master: 'foo://bar' is not a Spark master URL; expected local[*], local[N],"
          + " spark://HOST:PORT, yarn or k8s://HOST:PORT";

  @TempDir Path tmp;

  private static String userError(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r.error();
  }

  @Test
  void badMasterIsRejectedBeforeTheConfigIsReadOrSparkStarts() {
    // the config does not exist: reading it first would give another error
    String missing = tmp.resolve("missing.yaml").toString();
    for (String command : List.of("train", "encode", "sweep", "loihi")) {
      assertEquals(
          FOO_BAR, userError(command, "--conf", missing, "--master", "foo://bar"), command);
    }
    assertEquals(FOO_BAR, userError("run", missing, "--master", "foo://bar"));
  }

  @Test
  void everyConfigCommandTakesTheConfigAsArgumentOrAsConfOption() {
    // a bad master is reported only once the arguments parsed: both forms get that far
    String missing = tmp.resolve("missing.yaml").toString();
    for (String command : List.of("run", "train", "encode", "sweep", "loihi")) {
      assertEquals(FOO_BAR, userError(command, missing, "--master", "foo://bar"), command);
      assertEquals(
          FOO_BAR, userError(command, "--conf", missing, "--master", "foo://bar"), command);
    }
  }

  @Test
  void configGivenBothWaysIsAUsageError() {
    for (String command : List.of("run", "train", "encode", "sweep", "loihi")) {
      CliRun r = CliRun.of(command, "a.yaml", "--conf", "b.yaml", "--master", "foo://bar");
      assertEquals(2, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals(
          "Give the config once, as CONFIG or as --conf FILE, not both (got 'a.yaml' and --conf"
              + " 'b.yaml')",
          r.err().lines().findFirst().orElseThrow(),
          command);
      assertTrue(r.err().contains("Usage: spark-snn " + command + " "), r.err());
    }
  }

  @Test
  void configGivenNeitherWayIsAUsageError() {
    for (String command : List.of("run", "train", "encode", "sweep", "loihi")) {
      CliRun r = CliRun.of(command, "--master", "local[1]");
      assertEquals(2, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals(
          "Missing the config: give it as CONFIG or as --conf FILE, e.g. spark-snn "
              + command
              + " conf/quickstart.yaml",
          r.err().lines().findFirst().orElseThrow(),
          command);
      assertTrue(r.err().contains("[CONFIG]") && r.err().contains("--conf=FILE"), r.err());
    }
  }

  @Test
  void badMasterLeavesNoOutput() throws Exception {
    Path out = tmp.resolve("runs/q");
    Path cfg = tmp.resolve("q.yaml");
    Files.writeString(
        cfg,
        ConfigText.of(
            "q",
            tmp.resolve("data"),
            "encode:\n  encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}\n",
            out));
    assertEquals(
        "error: --master: 'local[0]' is not a Spark master URL; expected local[*], local[N],"
            + " spark://HOST:PORT, yarn or k8s://HOST:PORT",
        userError("encode", "--conf", cfg.toString(), "--master", "local[0]"));
    assertFalse(Files.exists(tmp.resolve("runs")), "no output directory");
  }

  @Test
  void yarnWithoutSparksYarnSupportIsAUserError() {
    String e = userError("train", "--conf", tmp.resolve("x.yaml").toString(), "--master", "yarn");
    assertEquals(
        "error: --master: 'yarn' needs Spark's YARN support (spark-yarn), which is not on the class"
            + " path; submit the job with spark-submit instead",
        e);
  }
}
