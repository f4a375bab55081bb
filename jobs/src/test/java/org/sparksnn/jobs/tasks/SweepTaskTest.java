package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.sweep.ModelSpread;
import org.sparksnn.pipeline.sweep.PointResult;
import org.sparksnn.pipeline.sweep.SweepSummary;

class SweepTaskTest {
  private static PointResult point(String model, double dt, double accuracy) {
    return point(model, dt, "none", accuracy);
  }

  private static PointResult point(String model, double dt, String synapse, double accuracy) {
    return new PointResult(
        "k" + dt, model, "h", dt, 10, "spiking-relu", synapse, "model", 100, accuracy, accuracy,
        accuracy, null, new double[] {accuracy}, List.of(), 0, 0, 0, 1, 1, List.of());
  }

  private static SweepSummary summary(PointResult... points) {
    return new SweepSummary(points.length, points.length, 0, 100L * points.length, List.of(points), "out");
  }

  @Test
  void sweepLimitWinsElseTheDataSectionsLimitOfTheSplit() {
    org.sparksnn.pipeline.yaml.TypedYaml yaml = new org.sparksnn.pipeline.yaml.TypedYaml();
    org.sparksnn.jobs.config.DataConfig data =
        yaml.load("dataset: mnist\ntrainLimit: 3000\ntestLimit: 500\n", "d", List.of(),
            org.sparksnn.jobs.config.DataConfig.class);
    org.sparksnn.jobs.config.DataConfig all =
        yaml.load("dataset: mnist\n", "d", List.of(), org.sparksnn.jobs.config.DataConfig.class);
    java.util.function.Function<String, org.sparksnn.jobs.config.SweepConfig> sweep =
        text -> yaml.load(text, "s", List.of(), org.sparksnn.jobs.config.SweepConfig.class);
    assertEquals(500, SweepTask.limit(sweep.apply("dt: [0.1]\n"), data));
    assertEquals(3000, SweepTask.limit(sweep.apply("split: train\n"), data));
    assertEquals(200, SweepTask.limit(sweep.apply("limit: 200\n"), data));
    assertEquals(0, SweepTask.limit(sweep.apply("dt: [0.1]\n"), all));
  }

  @Test
  void limitBeyondTheSplitIsReportedNamingItsKey() {
    org.sparksnn.pipeline.yaml.TypedYaml yaml = new org.sparksnn.pipeline.yaml.TypedYaml();
    org.sparksnn.jobs.config.DataConfig data =
        yaml.load("dataset: mnist\ntrainLimit: 70000\ntestLimit: 20000\n", "d", List.of(),
            org.sparksnn.jobs.config.DataConfig.class);
    java.util.function.Function<String, org.sparksnn.jobs.config.SweepConfig> sweep =
        text -> yaml.load(text, "s", List.of(), org.sparksnn.jobs.config.SweepConfig.class);
    assertEquals(
        "sweep.limit 50000 exceeds the 10000 images of the test split; evaluating all 10000",
        SweepTask.limitWarning(sweep.apply("limit: 50000\n"), data, 10000));
    assertEquals(
        "data.testLimit 20000 exceeds the 10000 images of the test split; evaluating all 10000",
        SweepTask.limitWarning(sweep.apply("dt: [0.1]\n"), data, 10000));
    assertEquals(
        "data.trainLimit 70000 exceeds the 60000 images of the train split; evaluating all 60000",
        SweepTask.limitWarning(sweep.apply("split: train\n"), data, 60000));
    assertNull(SweepTask.limitWarning(sweep.apply("limit: 10000\n"), data, 10000));
    assertNull(SweepTask.limitWarning(sweep.apply("limit: 200\n"), data, 10000));
  }

  @Test
  void modelLabelIsTheGridPointDirectoryOrTheLastName() {
    assertEquals("p0_lr-0.001", SweepTask.modelLabel("runs/x/grid/p0_lr-0.001/model"));
    assertEquals("p1_model-v4e71c1c4", SweepTask.modelLabel("hdfs://nn:8020/runs/grid/p1_model-v4e71c1c4/model/"));
    assertEquals("mlp", SweepTask.modelLabel("models/mlp"));
    assertEquals("model", SweepTask.modelLabel("model"));
  }

  @Test
  void tableNamesTheModelOfEveryRowOnlyWhenThereAreSeveral() {
    String one = SweepTask.summaryTable(summary(point("runs/a/model", 0.1, 0.5), point("runs/a/model", 1, 0.75)));
    assertFalse(one.startsWith("model"), one);
    assertTrue(one.lines().skip(2).allMatch(l -> l.startsWith("0.1 ") || l.startsWith("1.0 ")), one);

    String two =
        SweepTask.summaryTable(
            summary(point("runs/g/grid/p0_x-1/model", 0.1, 0.5), point("runs/g/grid/p1_x-2/model", 0.1, 0.875)));
    List<String> lines = two.lines().toList();
    assertTrue(lines.get(0).startsWith("model "), two);
    assertTrue(lines.get(2).startsWith("p0_x-1 0.1 "), two);
    assertTrue(lines.get(3).startsWith("p1_x-2 0.1 ") && lines.get(3).contains("0.8750"), two);
  }

  @Test
  void tableColumnsAreAsWideAsTheirWidestValue() {
    String table =
        SweepTask.summaryTable(
            summary(
                point("runs/a/model", 0.1, "none", 0.5),
                point("runs/a/model", 0.1, "{act0=0.01}", 0.75)));
    assertEquals(
        "dt  steps neuron       synapse     scale accuracy mean-acc images\n"
            + "-----------------------------------------------------------------\n"
            + "0.1    10 spiking-relu none        model   0.5000   0.5000    100\n"
            + "0.1    10 spiking-relu {act0=0.01} model   0.7500   0.7500    100\n",
        table);
  }

  @Test
  void spreadTableListsEachSettingOverTheModelsAndIsEmptyForOneModel() {
    assertEquals("", SweepTask.spreadTable(ModelSpread.of(List.of(point("runs/a/model", 0.1, 0.5)))));
    String table =
        SweepTask.spreadTable(
            ModelSpread.of(
                List.of(
                    point("runs/g/grid/p0_seed-0/model", 0.1, 0.5),
                    point("runs/g/grid/p1_seed-1/model", 0.1, 0.75),
                    point("runs/g/grid/p2_seed-2/model", 0.1, 1.0))));
    assertEquals(
        "\nspread over the models (accuracy):\n"
            + "dt  steps neuron       synapse scale models   mean     sd    min    max"
            + " lowest / highest\n"
            + "-".repeat(93)
            + "\n0.1    10 spiking-relu none    model      3 0.7500 0.2500 0.5000 1.0000"
            + " p0_seed-0 / p2_seed-2\n",
        table);
  }

  @Test
  void sweepInputIsTheTrainingEncoderUnlessTimeTileIsAsked() {
    String base =
        """
        name: t
        data: {dataset: mnist}
        %s
        model:
          input: [784]
          dt: 0.1
          steps: 10
          layers:
            - {type: dense, name: d0, units: 8}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        sweep: {dt: [0.1]%s}
        """;
    String rate = "encode: {encoder: {type: rate, steps: 10, maxSpikes: 8, seed: 1}}";
    java.util.function.BiFunction<String, String, org.sparksnn.jobs.config.SparkSnnConfig> load =
        (encode, input) ->
            new org.sparksnn.pipeline.yaml.TypedYaml()
                .load(base.formatted(encode, input), "t.yaml", List.of(),
                    org.sparksnn.jobs.config.SparkSnnConfig.class);
    assertEquals(new org.sparksnn.encoders.RateEncoder(10, 8, 1), SweepTask.input(load.apply(rate, "")));
    assertEquals(null, SweepTask.input(load.apply(rate, ", input: time-tile")));
    assertEquals(null, SweepTask.input(load.apply("", "")));
    assertEquals(null, SweepTask.input(load.apply("encode: {encoder: {type: time-tile, steps: 10}}", "")));
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.sparksnn.ops.ConfigException.class,
            () -> SweepTask.input(load.apply("", ", input: encoder")));
    assertEquals(
        "sweep.input: encoder needs an encode section with a spike encoder (rate, poisson, regular"
            + " or latency), got no encode section",
        e.getMessage());
    var timeTile =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.sparksnn.ops.ConfigException.class,
            () ->
                SweepTask.input(
                    load.apply(
                        "encode: {encoder: {type: time-tile, steps: 10}}", ", input: encoder")));
    assertEquals(
        "sweep.input: encoder needs an encode section with a spike encoder (rate, poisson, regular"
            + " or latency), got time-tile",
        timeTile.getMessage());
    var bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.sparksnn.ops.ConfigException.class, () -> load.apply(rate, ", input: spikes"));
    assertTrue(bad.getMessage().contains("sweep.input must be encoder or time-tile, got 'spikes'"),
        bad.getMessage());
  }
}
