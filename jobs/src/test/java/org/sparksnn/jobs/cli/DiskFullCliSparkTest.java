package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.pipeline.io.FaultyFileSystem;

/**
 * A disk that fills up while the CLI writes: Spark's Parquet part files of {@code encode}, and
 * the weights of {@code train}. The faults come from {@link FaultyFileSystem}, made the {@code
 * file:} file system of the run through the config's {@code spark:} section (so Spark's write
 * tasks see it too). Each run exits non-zero with one {@code error:} line that names the output
 * and says {@code No space left on device}; the output directory holds nothing but hidden
 * leftovers, and the same command succeeds once the disk has room again.
 */
@Tag("spark")
class DiskFullCliSparkTest {
  @TempDir static Path tmp;
  private static Path data;

  @BeforeAll
  static void fixtures() throws Exception {
    data = tmp.resolve("data");
    SyntheticIdx.write(data, 60, 20, 3);
  }

  /** A config whose {@code file:} writes of files named like {@code failName} stop after {@code bytes}. */
  private static Path config(String name, String failName, long bytes, String sections) throws IOException {
    Path cfg = tmp.resolve(name + (bytes < 0 ? "-roomy" : "-full") + ".yaml");
    Files.writeString(
        cfg,
        ConfigText.of(name, data, sections, tmp.resolve("runs").resolve(name))
            + "spark:\n"
            + "  spark.hadoop.fs.file.impl: " + FaultyFileSystem.class.getName() + "\n"
            + "  spark.hadoop.fs.file.impl.disable.cache: 'true'\n"
            + "  spark.hadoop." + FaultyFileSystem.FAIL_NAME + ": '" + failName + "'\n"
            + "  spark.hadoop." + FaultyFileSystem.FAIL_AFTER_BYTES + ": '" + bytes + "'\n");
    return cfg;
  }

  private static List<String> visible(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  /** Runs the command, expecting a disk-full failure; returns the error line. */
  private static String failsWithDiskFull(String command, Path cfg) {
    CliRun r = CliRun.of(command, "--conf", cfg.toString(), "--master", "local[2]");
    assertTrue(r.code() != 0, "exit code " + r.code() + "\n" + r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    return r.error();
  }

  /** Runs the command on a disk with room; returns its standard output. */
  private static String succeeds(String command, Path cfg) {
    CliRun r = CliRun.of(command, "--conf", cfg.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    return r.out();
  }

  /** {@code file:/…}, as Hadoop names a local path. */
  private static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  private static final String ENCODE =
      "encode:\n  encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}\n  partitions: 2\n";

  private static final String TRAIN =
      """
      model:
        input: [784]
        dt: 0.01
        steps: 4
        readout: mean
        layers:
          - {type: dense, name: d0, units: 8}
          - {type: activation, name: a0, neuron: relu}
          - {type: dense, name: out, units: 10}
      train: {epochs: 1, batchSize: 10, mode: single, optimizer: {type: adam, learningRate: 0.001}}
      """;

  @Test
  void diskFullWhileSparkWritesTheEncodedTableNamesTheTableAndLeavesNothing() throws Exception {
    Path run = tmp.resolve("runs").resolve("encode");
    String e = failsWithDiskFull("encode", config("encode", "part-.*", 64, ENCODE));
    assertTrue(e.startsWith("error: " + uri(run) + "/.encoded.tmp-"), e);
    assertTrue(e.endsWith("/train: cannot write encoded table: No space left on device"), e);
    assertEquals(List.of(), visible(run));

    succeeds("encode", config("encode", "part-.*", -1, ENCODE));
    assertEquals(List.of("encoded"), visible(run));
  }

  @Test
  void diskFullWhileTrainWritesTheWeightsNamesTheModelAndLeavesNothing() throws Exception {
    Path run = tmp.resolve("runs").resolve("train");
    String e = failsWithDiskFull("train", config("train", "weights\\.npz", 100, TRAIN));
    assertTrue(e.startsWith("error: " + uri(run) + "/.model.tmp-"), e);
    assertTrue(e.endsWith(": cannot write model: No space left on device"), e);
    assertEquals(List.of(), visible(run).stream().filter(n -> !n.equals("checkpoints")).toList());

    succeeds("train", config("train", "weights\\.npz", -1, TRAIN));
    assertTrue(Files.exists(run.resolve("model").resolve("weights.npz")));
  }

  @Test
  void diskFullWhileSparkWritesTheSweepResultsNamesTheTableAndKeepsThePoints() throws Exception {
    Path run = tmp.resolve("runs").resolve("sweep");
    String sweep =
        TRAIN
            + "sweep:\n  models: ["
            + run.resolve("model")
            + "]\n  dt: [0.005, 0.01]\n  steps: [4]\n  batch: 10\n  examples: 1\n";
    succeeds("train", config("sweep", "none", -1, sweep));
    String e = failsWithDiskFull("sweep", config("sweep", "part-.*\\.parquet", 64, sweep));
    assertTrue(e.startsWith("error: " + uri(run)), e);
    assertTrue(e.endsWith("/results.parquet: cannot write results table: No space left on device"), e);
    assertFalse(Files.exists(run.resolve("sweep").resolve("results")), "no results directory");
    assertFalse(Files.exists(run.resolve("results")), "no results directory");

    String out = succeeds("sweep", config("sweep", "part-.*\\.parquet", -1, sweep));
    assertTrue(out.contains("results"), out);
  }
}
