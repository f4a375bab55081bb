package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Checking a training grid's points: errors name the file, the grid parameter and the point; the
 * points' names and the summary table.
 */
class TrainGridTaskTest {
  private static final String GRID =
      """
      name: g
      data: {dataset: mnist, dir: /tmp/mnist}
      model:
        input: [784]
        dt: 0.001
        steps: 1
        layers:
          - {type: dense, name: d0, units: 32}
          - {type: activation, name: a0, neuron: relu}
          - {type: dense, name: out, units: 10}
      train:
        epochs: 1
        optimizer: {type: adam, learningRate: 0.001}
      trainGrid:
        parameters:
          train.optimizer.learningRate: [0.001, 0.003]
          model.layers.0.units: [32, 64]
      """;

  private static String error(String yaml) {
    SparkSnnConfig config =
        new TypedYaml().load(yaml, "conf/g.yaml", List.of(), SparkSnnConfig.class);
    return assertThrows(
            ConfigException.class, () -> TrainGridTask.checkPoints(config, "conf/g.yaml"))
        .getMessage();
  }

  @Test
  void badGridValueNamesTheFileTheParameterAndThePointOnce() {
    assertEquals(
        "conf/g.yaml: trainGrid parameter model.layers.0.units=-1 (point"
            + " p1_learningRate-0.001_units--1): model.layers[0].units must be > 0, got -1",
        error(GRID.replace("[32, 64]", "[32, -1]")));
  }

  @Test
  void misspeltGridKeyNamesTheParameterNotASet() {
    assertEquals(
        "conf/g.yaml: trainGrid parameter model.layers.0.unit=32 (point"
            + " p0_learningRate-0.001_unit-32): unknown key 'model.layers[0].unit' (did you mean"
            + " 'units'?); known keys: name, units, useBias",
        error(GRID.replace("model.layers.0.units:", "model.layers.0.unit:")));
  }

  @Test
  void gridValueThatDoesNotFitAnotherKeyNamesBoth() {
    String withEncoder =
        GRID.replace(
            "model:\n", "encode:\n  encoder: {type: rate, steps: 1, maxSpikes: 1}\nmodel:\n");
    assertEquals(
        "conf/g.yaml: trainGrid point p0_learningRate-0.001_steps-2: encode.encoder.steps (1)"
            + " must equal model.steps (2, from trainGrid parameter model.steps=2 (point"
            + " p0_learningRate-0.001_steps-2))",
        error(withEncoder.replace("model.layers.0.units: [32, 64]", "model.steps: [2]")));
  }

  @Test
  void pointNamesArePaddedToTheWidthOfTheLastIndex() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("train.optimizer.learningRate", 0.003);
    values.put("model.layers.0.units", 64);
    assertEquals("p9_learningRate-0.003_units-64", TrainGridTask.name(9, 10, values));
    assertEquals("p0_learningRate-0.003_units-64", TrainGridTask.name(0, 10, values));
    assertEquals("p00_learningRate-0.003_units-64", TrainGridTask.name(0, 11, values));
    assertEquals("p10_learningRate-0.003_units-64", TrainGridTask.name(10, 11, values));
    assertEquals("p0", TrainGridTask.name(0, 1, Map.of()));
  }

  @Test
  void summaryHasEachPointsValuesEpochCountLastEpochAndTotalSeconds(@TempDir java.nio.file.Path tmp)
      throws Exception {
    String yaml =
        GRID.replace("    model.layers.0.units: [32, 64]\n", "")
            + "output: {dir: " + tmp.resolve("run") + "}\n";
    SparkSnnConfig config =
        new TypedYaml().load(yaml, "conf/g.yaml", List.of(), SparkSnnConfig.class);
    List<TrainGridTask.Point> points = TrainGridTask.points(config, new TypedYaml().toYaml(config));
    assertEquals(2, points.size());
    String header =
        "epoch,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,seconds\n";
    // history.csv numbers epochs from 1; the summary takes the last one and sums the seconds
    java.nio.file.Path p0 = Files.createDirectories(tmp.resolve("run/grid/p0_learningRate-0.001/model"));
    Files.writeString(
        p0.resolve("history.csv"),
        header
            + "1,0.9,0.01,0.5,0.45,100.0,1.2\n"
            + "2,0.7,0.02,0.6,0.55,110.0,1.5\n"
            + "3,0.5,0.03,0.7,0.65,120.0,2.3\n");
    java.nio.file.Path p1 = Files.createDirectories(tmp.resolve("run/grid/p1_learningRate-0.003/model"));
    Files.writeString(p1.resolve("history.csv"), header + "1,0.123456,0.0,0.25,0.3,90.5,4.0\n");

    String csv = TrainGridTask.summaryCsv(config.trainGrid(), points, new Configuration());
    assertEquals(
        "point,train.optimizer.learningRate,epochs,loss,regularization,train_accuracy,"
            + "validation_accuracy,samples_per_s,seconds,model\n"
            + "p0_learningRate-0.001,0.001,3,0.5,0.03,0.7,0.65,120.0,5.0,file:" + p0 + "\n"
            + "p1_learningRate-0.003,0.003,1,0.123456,0.0,0.25,0.3,90.5,4.0,file:" + p1 + "\n",
        csv);
    assertEquals(
        "| point | train.optimizer.learningRate | epochs | loss | regularization | train_accuracy |"
            + " validation_accuracy | samples_per_s | seconds | model |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n"
            + "| p0_learningRate-0.001 | 0.001 | 3 | 0.5 | 0.03 | 0.7 | 0.65 | 120.0 | 5.0 | file:" + p0
            + " |\n"
            + "| p1_learningRate-0.003 | 0.003 | 1 | 0.1235 | 0.0 | 0.25 | 0.3 | 90.5 | 4.0 | file:" + p1
            + " |\n",
        TrainGridTask.markdown(csv));
  }
}
