package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.yaml.TypedYaml;

/** Checking a training grid's points: errors name the file, the grid parameter and the point. */
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
}
