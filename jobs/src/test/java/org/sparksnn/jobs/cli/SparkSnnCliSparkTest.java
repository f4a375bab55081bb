package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.pipeline.io.OutputDir;

/** The CLI end to end on a small synthetic dataset: run (encode + train), show, errors. */
@Tag("spark")
class SparkSnnCliSparkTest {
  @TempDir static Path tmp;
  private static Path config;

  @BeforeAll
  static void dataAndConfig() throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), 300, 100, 5);
    config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        """
        name: cli-test
        data: {dataset: mnist, dir: %s, fetch: false}
        encode:
          encoder: {type: rate, steps: 8, maxSpikes: 4, seed: 2}
          partitions: 3
        model:
          input: [784]
          dt: 0.1
          steps: 8
          readout: mean
          layers:
            - {type: dense, name: d0, units: 32}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        train:
          epochs: 3
          batchSize: 20
          optimizer: {type: adam, learningRate: 0.003}
        loihi: {batch: 40, partitions: 2}
        output: {dir: %s}
        """
            .formatted(tmp.resolve("data"), tmp.resolve("run")));
  }


  /** The loss, regularization and accuracies of a one-epoch history.csv (not its timings). */
  private static String figures(Path historyCsv) throws java.io.IOException {
    String[] cells = Files.readAllLines(historyCsv).get(1).split(",");
    return String.join(",", java.util.Arrays.copyOfRange(cells, 0, 5));
  }

  /** Trains the first run's one epoch again from the seed, into a new directory. */
  private static Path trainAgain(Path base) {
    Path again = base.resolveSibling(base.getFileName() + "-again");
    CliRun r =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]",
            "--set", "train.epochs=1", "--set", "output.dir=" + again);
    assertEquals(0, r.code(), r.err());
    return again.resolve("model/history.csv");
  }

  @Test
  void trainingFromAnInitialModelRecordsItAndRejectsAModelOfAnotherShape() throws Exception {
    Path base = tmp.resolve("base");
    CliRun first =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]",
            "--set", "train.epochs=1", "--set", "output.dir=" + base);
    assertEquals(0, first.code(), first.err());
    Path tuned = tmp.resolve("tuned");
    CliRun second =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]",
            "--set", "train.epochs=1", "--set", "train.initialModel=" + base.resolve("model"),
            "--set", "output.dir=" + tuned);
    assertEquals(0, second.code(), second.err());
    String yaml = Files.readString(tuned.resolve("model/model.yaml"));
    assertTrue(yaml.contains("initialModel: \"" + base.resolve("model")), yaml);
    // same seed and config: without the initial model the second epoch would repeat the first
    String tunedEpoch = figures(tuned.resolve("model/history.csv"));
    String baseEpoch = figures(base.resolve("model/history.csv"));
    assertTrue(!tunedEpoch.equals(baseEpoch), "starts where the first run ended: " + tunedEpoch);
    assertEquals(
        baseEpoch,
        figures(trainAgain(base)),
        "a fresh start with the same seed repeats the first run's figures");

    CliRun wider =
        CliRun.of(
            "train", "--conf", config.toString(), "--master", "local[2]",
            "--set", "model.layers.0.units=16", "--set", "train.initialModel=" + base.resolve("model"),
            "--set", "output.dir=" + tmp.resolve("wider"));
    assertEquals(2, wider.code(), wider.err());
    assertTrue(wider.error().startsWith("error: train.initialModel: "), wider.error());
    assertTrue(wider.error().contains("d0/kernel[784, 32]"), wider.error());
    assertTrue(!Files.exists(tmp.resolve("wider")), "nothing written");
  }

  @Test
  void trainCommandKeepsItsFinishedModelAndRefusesOneFromAnotherConfigBeforeTraining()
      throws Exception {
    Path out = tmp.resolve("standalone");
    String[] train = {
      "train", "--conf", config.toString(), "--master", "local[2]",
      "--set", "train.epochs=1", "--set", "output.dir=" + out
    };
    CliRun first = CliRun.of(train);
    assertEquals(0, first.code(), first.err());
    String weights = java.util.HexFormat.of().formatHex(Files.readAllBytes(out.resolve("model/weights.npz")));
    java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(out.resolve("model/weights.npz"));

    CliRun same = CliRun.of(train);
    assertEquals(0, same.code(), same.err());
    assertEquals(written, Files.getLastModifiedTime(out.resolve("model/weights.npz")), "not rewritten");

    String[] longer = train.clone();
    longer[6] = "train.epochs=2";
    CliRun changed = CliRun.of(longer);
    assertEquals(2, changed.code(), changed.err());
    assertTrue(
        changed.error().contains("is finished but was made from a different config (changed: train;"),
        changed.error());
    assertTrue(changed.error().contains("--set output.overwrite=true"), changed.error());
    assertEquals(
        weights,
        java.util.HexFormat.of().formatHex(Files.readAllBytes(out.resolve("model/weights.npz"))));

    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String[] intoFile = train.clone();
    intoFile[8] = "output.dir=" + file;
    CliRun onFile = CliRun.of(intoFile);
    assertEquals(2, onFile.code(), onFile.err());
    assertTrue(
        onFile.error().endsWith(file + ": output directory expected, but this is a file"),
        onFile.error());
  }

  @Test
  void barrierModeTrainsOnTheRateEncodersRedrawnSpikesLikeTheSingleProcess() throws Exception {
    float[][] weights = new float[2][];
    String[] modes = {"single", "barrier"};
    for (int i = 0; i < modes.length; i++) {
      Path out = tmp.resolve("encoded-" + modes[i]);
      CliRun r =
          CliRun.of(
              "train", "--conf", config.toString(), "--master", "local[2]",
              "--set", "train.epochs=2", "--set", "train.mode=" + modes[i],
              "--set", "train.partitions=2", "--set", "output.dir=" + out);
      assertEquals(0, r.code(), r.err());
      weights[i] =
          org.sparksnn.pipeline.model.ModelDirectory.read(
                  new org.apache.hadoop.fs.Path(out.resolve("model").toUri()),
                  new org.apache.hadoop.conf.Configuration())
              .weights()
              .flatten();
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(weights[0], weights[1]);
  }

  @Test
  void runEncodesTrainsAndReportsThenSkipsCompleteStages() throws Exception {
    long started = System.nanoTime();
    CliRun r = CliRun.of("run", config.toString(), "--master", "local[2]");
    double wallSeconds = (System.nanoTime() - started) / 1e9;
    assertEquals(0, r.code(), r.err());
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    Path run = tmp.resolve("run");
    assertTrue(OutputDir.isComplete(new org.apache.hadoop.fs.Path(run.resolve("encoded").toUri()), conf));
    assertTrue(OutputDir.isComplete(new org.apache.hadoop.fs.Path(run.resolve("model").toUri()), conf));
    String history = Files.readString(run.resolve("model/history.csv"));
    assertEquals(4, history.lines().count(), history);
    String lastVal = history.lines().reduce((a, b) -> b).orElseThrow().split(",")[4];
    assertTrue(Double.parseDouble(lastVal) > 0.5, "learns the synthetic task: " + history);
    String report = Files.readString(run.resolve("report.md"));
    assertTrue(report.contains("| encode |") && report.contains("| train |"), report);
    assertTrue(report.contains("| loihi |"), report);
    // the stage table: one row per stage, its output and its seconds (a stage takes no longer
    // than the whole command did)
    for (String stage : java.util.List.of("data", "encode", "train", "loihi")) {
      String row =
          report.lines().filter(l -> l.startsWith("| " + stage + " | ")).findFirst().orElseThrow();
      String[] cells = row.split(" \\| ");
      assertEquals(3, cells.length, row);
      assertTrue(cells[2].matches("\\d+\\.\\d \\|"), row);
      double seconds = Double.parseDouble(cells[2].substring(0, cells[2].length() - 2));
      assertTrue(seconds <= wallSeconds, row + " but the run took " + wallSeconds + " s");
    }
    // the training section: the history's epochs, numbered from 1, as in history.csv
    assertTrue(report.contains("\n## Training\n"), report);
    for (String epoch : java.util.List.of("1", "2", "3")) {
      assertTrue(report.contains("\n| " + epoch + " | "), "epoch " + epoch + ": " + report);
    }
    assertTrue(!report.contains("\n| 0 | ") && !report.contains("\n| 4 | "), report);
    // the model as a person reads it: layers with their parameters, and where it came from
    assertTrue(report.contains("### Model"), report);
    assertTrue(report.matches("(?s).*\\| `d0` \\| dense \\d+ \\| \\[\\d+\\] \\| [\\d,]+ \\|.*"), report);
    assertTrue(report.contains("| data fingerprint | `"), report);
    assertTrue(report.contains("| numerics | `"), report);
    String loihi = Files.readString(run.resolve("loihi/summary.md"));
    assertTrue(loihi.contains("| images | 100 |"), loihi);
    assertTrue(Files.readString(run.resolve("loihi/resources.json")).contains("d0"));

    CliRun again = CliRun.of("run", config.toString(), "--master", "local[2]");
    assertEquals(0, again.code(), again.err());
    String report2 = Files.readString(run.resolve("report.md"));
    assertTrue(report2.contains("skipped (complete)"), report2);
    String modelBytes = Files.readString(run.resolve("model/model.yaml"));

    // a finished output made from another config is not reused silently
    CliRun changed =
        CliRun.of("run", config.toString(), "--master", "local[2]", "--set", "train.epochs=2");
    assertEquals(2, changed.code(), changed.err());
    assertTrue(
        changed.err().contains("is finished but was made from a different config (changed: train;"),
        changed.err());
    assertTrue(changed.err().contains("output.overwrite"), changed.err());
    CliRun loihiOnly =
        CliRun.of("run", config.toString(), "--master", "local[2]", "--set", "loihi.batch=20");
    assertEquals(2, loihiOnly.code(), loihiOnly.err());
    assertTrue(
        loihiOnly.err().contains("loihi: ") && loihiOnly.err().contains("(changed: loihi;"),
        loihiOnly.err());
    assertEquals(modelBytes, Files.readString(run.resolve("model/model.yaml")), "model untouched");
    // every stage's conflict is found before any stage works: a missing model is not trained first
    Files.move(run.resolve("model"), tmp.resolve("model-aside"));
    CliRun lateConflict =
        CliRun.of("run", config.toString(), "--master", "local[2]", "--set", "loihi.batch=20");
    assertEquals(2, lateConflict.code(), lateConflict.err());
    assertTrue(lateConflict.err().contains("(changed: loihi;"), lateConflict.err());
    assertTrue(!Files.exists(run.resolve("model")), "trained before the loihi conflict was found");
    Files.move(tmp.resolve("model-aside"), run.resolve("model"));

    CliRun show =
        CliRun.of("show", run.resolve("encoded/test").toString(), "--limit", "2", "--format", "csv",
            "--master", "local[2]");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().startsWith("id,label,height,width,channels,encoding,steps,dt,spikes,values"), show.out());
    assertEquals(3, show.out().lines().count(), show.out());
  }

  @Test
  void runRefusesALoihiStageWithoutHostInputBeforeTraining() throws Exception {
    Path noEncoder = tmp.resolve("no-encoder.yaml");
    Path out = tmp.resolve("no-encoder");
    Files.writeString(
        noEncoder,
        Files.readString(config)
            .replaceAll("(?s)encode:.*?partitions: 3\n", "")
            .replace(tmp.resolve("run").toString(), out.toString()));
    CliRun r = CliRun.of("run", noEncoder.toString(), "--master", "local[2]");
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.error().startsWith("error: loihi: the model has no off-chip to-spikes layer, so the host"
            + " input needs a spike encoder"),
        r.error());
    assertTrue(!Files.exists(out.resolve("model")), "trained before the error");
  }

  @Test
  void badConfigExitsWithTwoAndNamesFileKeyAndValue() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(config).replace("epochs: 3", "epochs: 0"));
    CliRun r = CliRun.of("train", "--conf", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(bad + ": train.epochs must be > 0, got 0"), r.err());
  }

  @Test
  void neuronRatesPrintsTheRateCurve() {
    CliRun r =
        CliRun.of("neuron", "rates", "--neuron", "loihi-relu", "--from", "0", "--to", "500", "--step", "100");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "current,rate_hz\n0.0,0.0\n100.0,100.0\n200.0,200.0\n300.0,250.0\n"
            + "400.0,333.3333333333333\n500.0,500.0\n",
        r.out());
  }

  @Test
  void neuronSimulateShowsTheStrictThresholdOfLoihiRelu() {
    CliRun r = CliRun.of("neuron", "simulate", "--neuron", "loihi-relu", "--current", "500", "--steps", "6");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "step,J=500.0\n0,0.0\n1,0.0\n2,1000.0\n3,0.0\n4,0.0\n5,1000.0\n", r.out());
  }
}
