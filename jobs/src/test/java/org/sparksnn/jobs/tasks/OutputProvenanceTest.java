package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Whether a finished output is kept: only when the config sections its stage depends on equal the
 * ones recorded in its resolved-config.yaml (no Spark needed).
 */
class OutputProvenanceTest {
  private static final String BASE =
      """
      name: p
      data: {dataset: mnist, dir: /tmp/mnist, fetch: false}
      encode:
        encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}
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
      output: {dir: %s}
      """;

  private final Configuration conf = new Configuration();

  @TempDir java.nio.file.Path tmp;

  private SparkSnnConfig config(String... overrides) {
    return new TypedYaml()
        .load(BASE.formatted(tmp.resolve("run")), "p.yaml", List.of(overrides), SparkSnnConfig.class);
  }

  private Path output() {
    return new Path("file:" + tmp.resolve("run/model"));
  }

  /** A finished output (with its success marker) holding {@code record} as its resolved config. */
  private Path finished(String record) {
    OutputDir d = OutputDir.create(output(), conf, false);
    if (record != null) {
      EncodeTask.writeText(d.tempPath(), OutputProvenance.RESOLVED_CONFIG, record, conf);
    } else {
      EncodeTask.writeText(d.tempPath(), "history.csv", "epoch\n", conf);
    }
    d.commit();
    return output();
  }

  private Path finishedFrom(SparkSnnConfig made) {
    return finished(new TypedYaml().toYaml(made));
  }

  @Test
  void theSameSectionsKeepTheOutputWhateverElseChanged() {
    Path out = finishedFrom(config());
    SparkSnnConfig renamed = config("name=other");
    assertEquals(List.of(), OutputProvenance.changedSections(out, renamed, OutputProvenance.Stage.TRAIN, conf));
    assertTrue(
        OutputProvenance.keepsFinishedOutput(
            "train", out, renamed, OutputProvenance.Stage.TRAIN, conf));
  }

  @Test
  void aChangedEncoderMakesTheEncodedTableAndTheModelStale() {
    Path out = finishedFrom(config());
    SparkSnnConfig other = config("encode.encoder.maxSpikes=3");
    assertEquals(
        List.of("encode"),
        OutputProvenance.changedSections(out, other, OutputProvenance.Stage.ENCODE, conf));
    assertEquals(
        List.of("encode"),
        OutputProvenance.changedSections(out, other, OutputProvenance.Stage.TRAIN, conf));
  }

  @Test
  void changedSectionsAreListedInTheStagesOrderAndOnlyThoseItDependsOn() {
    Path out = finishedFrom(config());
    SparkSnnConfig other =
        config("train.epochs=2", "model.layers.0.units=8", "data.trainLimit=100");
    assertEquals(
        List.of("data", "model", "train"),
        OutputProvenance.changedSections(out, other, OutputProvenance.Stage.TRAIN, conf));
    assertEquals(
        List.of("data"),
        OutputProvenance.changedSections(out, other, OutputProvenance.Stage.ENCODE, conf));
  }

  @Test
  void anOutputFromAnotherConfigIsRefusedNamingTheSectionsUnlessOverwriteIsSet() {
    Path out = finishedFrom(config());
    SnnException one =
        assertThrows(
            SnnException.class,
            () ->
                OutputProvenance.keepsFinishedOutput(
                    "train", out, config("train.epochs=2"), OutputProvenance.Stage.TRAIN, conf));
    assertTrue(one.getMessage().contains(" (changed: train; see its "), one.getMessage());
    SnnException e =
        assertThrows(
            SnnException.class,
            () ->
                OutputProvenance.keepsFinishedOutput(
                    "train",
                    out,
                    config("encode.encoder.seed=3", "train.epochs=2"),
                    OutputProvenance.Stage.TRAIN,
                    conf));
    assertEquals(
        "train: "
            + out
            + " is finished but was made from a different config (changed: encode, train; see its"
            + " resolved-config.yaml); set output.overwrite: true (--set output.overwrite=true) to"
            + " replace it, or choose another output.dir",
        e.getMessage());
    assertFalse(
        OutputProvenance.keepsFinishedOutput(
            "train",
            out,
            config("train.epochs=2", "output.overwrite=true"),
            OutputProvenance.Stage.TRAIN,
            conf),
        "overwrite: the stage runs again");
    assertFalse(
        OutputProvenance.keepsFinishedOutput(
            "train", out, config("output.overwrite=true"), OutputProvenance.Stage.TRAIN, conf),
        "overwrite: even an output of this config is made again");
  }

  @Test
  void anOutputThatRecordsNoConfigIsKept() {
    Path out = finished(null);
    assertNull(OutputProvenance.changedSections(out, config(), OutputProvenance.Stage.TRAIN, conf));
    assertTrue(
        OutputProvenance.keepsFinishedOutput(
            "train", out, config("train.epochs=5"), OutputProvenance.Stage.TRAIN, conf));
  }

  @Test
  void anUnreadableRecordCountsAsEverySectionChanged() {
    Path out = finished("model: [not, a, config\n");
    assertEquals(
        List.of("data", "encode", "model", "train"),
        OutputProvenance.changedSections(out, config(), OutputProvenance.Stage.TRAIN, conf));
    assertThrows(
        SnnException.class,
        () ->
            OutputProvenance.keepsFinishedOutput(
                "train", out, config(), OutputProvenance.Stage.TRAIN, conf));
  }

  @Test
  void aDirectoryThatIsNotAFinishedOutputIsRefusedAndNoDirectoryRuns() throws Exception {
    assertFalse(
        OutputProvenance.keepsFinishedOutput(
            "train", output(), config(), OutputProvenance.Stage.TRAIN, conf),
        "nothing there: the stage runs");
    Files.createDirectories(tmp.resolve("run/model"));
    Files.writeString(tmp.resolve("run/model/weights.npz"), "partial");
    SnnException e =
        assertThrows(
            SnnException.class,
            () ->
                OutputProvenance.keepsFinishedOutput(
                    "train", output(), config(), OutputProvenance.Stage.TRAIN, conf));
    assertTrue(
        e.getMessage().startsWith("train: file:" + tmp.resolve("run/model")
            + " exists but is not a finished spark-snn output (no valid _SPARKSNN_SUCCESS)"),
        e.getMessage());
  }
}
