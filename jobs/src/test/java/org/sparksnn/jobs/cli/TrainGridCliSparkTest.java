package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.pipeline.io.OutputDir;

/** {@code spark-snn train} with a {@code trainGrid}: one model per point, a summary, resume. */
@Tag("spark")
class TrainGridCliSparkTest {
  @TempDir static Path tmp;
  private static Path config;

  @BeforeAll
  static void dataAndConfig() throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), 200, 60, 9);
    config = tmp.resolve("grid.yaml");
    Files.writeString(
        config,
        """
        name: grid-test
        data: {dataset: mnist, dir: %s, fetch: false}
        model:
          input: [784]
          dt: 0.1
          steps: 4
          layers:
            - {type: dense, name: d0, units: 16}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        train:
          epochs: 1
          batchSize: 20
          optimizer: {type: adam, learningRate: 0.001}
        trainGrid:
          parameters:
            train.optimizer.learningRate: [0.001, 0.01]
            model.layers.0.units: [8, 16]
        sweep: {batch: 30}
        output: {dir: %s}
        """
            .formatted(tmp.resolve("data"), tmp.resolve("run")));
  }

  private static org.apache.hadoop.fs.Path hpath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void trainsEveryPointWritesTheSummaryAndSkipsCompletePointsOnARerun() throws Exception {
    CliRun r = CliRun.of("train", "--conf", config.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    var conf = new org.apache.hadoop.conf.Configuration();
    Path grid = tmp.resolve("run/grid");
    List<String> names =
        List.of(
            "p0_learningRate-0.001_units-8",
            "p1_learningRate-0.001_units-16",
            "p2_learningRate-0.01_units-8",
            "p3_learningRate-0.01_units-16");
    for (String n : names) {
      assertTrue(OutputDir.isComplete(hpath(grid.resolve(n).resolve("model")), conf), n);
    }
    String p2 = Files.readString(grid.resolve(names.get(2)).resolve("model/model.yaml"));
    assertTrue(p2.contains("learningRate: 0.01"), p2);
    assertTrue(p2.contains("units: 8"), p2);
    assertTrue(OutputDir.isComplete(hpath(grid.resolve("summary")), conf));
    List<String> csv = Files.readAllLines(grid.resolve("summary/summary.csv"));
    assertEquals(5, csv.size(), String.join("\n", csv));
    assertTrue(
        csv.get(0)
            .startsWith(
                "point,train.optimizer.learningRate,model.layers.0.units,epochs,loss,"
                    + "regularization,train_accuracy,validation_accuracy"),
        csv.get(0));
    assertTrue(csv.get(4).startsWith(names.get(3) + ",0.01,16,1,"), csv.get(4));
    assertTrue(r.out().contains("| " + names.get(1) + " | 0.001 | 16 | 1 |"), r.out());
    assertNotEquals(
        Files.readAllBytes(grid.resolve(names.get(0)).resolve("model/weights.npz")).length,
        Files.readAllBytes(grid.resolve(names.get(1)).resolve("model/weights.npz")).length,
        "different hidden widths");

    long before = Files.getLastModifiedTime(grid.resolve(names.get(0)).resolve("model/weights.npz")).toMillis();
    Files.delete(grid.resolve(names.get(3)).resolve("model").resolve(OutputDir.MARKER));
    CliRun again = CliRun.of("train", "--conf", config.toString(), "--master", "local[2]");
    assertEquals(0, again.code(), again.err());
    assertEquals(
        before,
        Files.getLastModifiedTime(grid.resolve(names.get(0)).resolve("model/weights.npz")).toMillis(),
        "a complete point is not retrained");
    assertTrue(OutputDir.isComplete(hpath(grid.resolve(names.get(3)).resolve("model")), conf));

    // a point trained from another config (here: a different seed) is trained again
    CliRun reseeded =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]", "--set", "train.seed=7");
    assertEquals(0, reseeded.code(), reseeded.err());
    for (String n : names) {
      String resolved = Files.readString(grid.resolve(n).resolve("model/resolved-config.yaml"));
      assertTrue(resolved.contains("seed: 7"), n + ": " + resolved);
    }

    // output.overwrite trains even a complete point of this very config again
    long seeded = Files.getLastModifiedTime(grid.resolve(names.get(0)).resolve("model/weights.npz")).toMillis();
    CliRun overwrite =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]", "--set", "train.seed=7",
            "--set", "output.overwrite=true");
    assertEquals(0, overwrite.code(), overwrite.err());
    assertNotEquals(
        seeded,
        Files.getLastModifiedTime(grid.resolve(names.get(0)).resolve("model/weights.npz")).toMillis(),
        "overwrite retrains a complete point");

    CliRun sweep = CliRun.of("sweep", "--conf", config.toString(), "--master", "local[2]");
    assertEquals(0, sweep.code(), sweep.err());
    List<String> rows = Files.readAllLines(tmp.resolve("run/sweep/results/results.csv"));
    assertEquals(5, rows.size(), "one sweep point per grid model: " + rows);
    for (String n : names) {
      assertTrue(rows.stream().anyMatch(l -> l.contains(n + "/model")), n + " in " + rows);
    }
  }

  @Test
  void aBadGridValueFailsBeforeAnyPointIsTrained() throws Exception {
    Path bad = tmp.resolve("bad-grid.yaml");
    Files.writeString(
        bad,
        Files.readString(config)
            .replace("[0.001, 0.01]", "[0.001, -1]")
            .replace(tmp.resolve("run").toString(), tmp.resolve("bad-run").toString()));
    CliRun r = CliRun.of("train", "--conf", bad.toString(), "--master", "local[2]");
    assertNotEquals(0, r.code());
    assertTrue(
        r.error()
            .endsWith(
                "bad-grid.yaml: trainGrid parameter train.optimizer.learningRate=-1 (point"
                    + " p2_learningRate--1_units-8): train.optimizer.learningRate must be > 0,"
                    + " got -1.0"),
        r.error());
    assertFalse(Files.exists(tmp.resolve("bad-run/grid/p0_learningRate-0.001_units-8")), "nothing trained");
  }
}
