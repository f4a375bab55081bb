package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.RateEncoder;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.SparkTestSession;
import org.sparksnn.pipeline.io.OutputDir;

@Tag("spark")
class SweepStageSparkTest {
  private static SparkSession spark;
  private static final EvalImages DATA = SweepFixtures.images(60);

  @TempDir static java.nio.file.Path tmp;
  private static String reluModel;
  private static String spikingModel;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(SweepStageSparkTest.class);
    Configuration conf = new Configuration();
    reluModel = tmp.resolve("relu-model").toUri().toString();
    spikingModel = tmp.resolve("spiking-model").toUri().toString();
    SweepFixtures.writeModel(new Path(reluModel), "relu", 10, conf);
    SweepFixtures.writeModel(new Path(spikingModel), "spiking-relu", 10, conf);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SweepOptions options(int partitions) {
    return new SweepOptions(8, partitions, 2, 2, null, null);
  }

  private static SweepGrid grid(List<Integer> steps) {
    return new SweepGrid(
        List.of(reluModel),
        null,
        steps,
        java.util.Arrays.asList(null, "spiking-relu"),
        List.of(SynapseSetting.none(), SynapseSetting.lowpass(0.02)),
        null,
        null);
  }

  @Test
  void onePartitionAndThreePartitionsGiveIdenticalResults() {
    SweepGrid g = grid(List.of(5, 20));
    String out1 = tmp.resolve("p1").toString();
    String out3 = tmp.resolve("p3").toString();
    SweepSummary one = new SweepStage(spark, options(1)).run(g, DATA, out1);
    SweepSummary three = new SweepStage(spark, options(3)).run(g, DATA, out3);
    assertEquals(8, one.totalPoints());
    assertEquals(8, three.computedPoints());
    for (int i = 0; i < 8; i++) {
      PointResult a = one.results().get(i);
      PointResult b = three.results().get(i);
      assertSameResults(a, b);
      assertEquals(DATA.count(), a.images());
    }
  }

  /** The counts of two results of the same point (everything but seconds and examples). */
  private static void assertSameResults(PointResult a, PointResult b) {
    assertEquals(a.key(), b.key());
    assertEquals(a.accuracy(), b.accuracy());
    assertEquals(a.accuracyMean(), b.accuracyMean());
    assertEquals(a.accuracyLowpass(), b.accuracyLowpass());
    assertArrayEquals(a.accuracyPerStep(), b.accuracyPerStep());
    assertEquals(a.synopsPerInference(), b.synopsPerInference());
    assertEquals(a.layers().get(0).rateMeanHz(), b.layers().get(0).rateMeanHz());
    assertArrayEquals(a.layers().get(0).histogramCounts(), b.layers().get(0).histogramCounts());
  }

  @Test
  void accuracyEqualsSingleProcessEvaluation() {
    SweepGrid g =
        new SweepGrid(
            List.of(spikingModel),
            null,
            List.of(15),
            null,
            List.of(SynapseSetting.lowpass(0.01)),
            List.of(ScaleSetting.global(2.0)),
            null);
    SweepSummary s =
        new SweepStage(spark, options(2)).run(g, DATA, tmp.resolve("single").toString());
    PointResult r = s.results().get(0);
    var prepared =
        PointNetwork.prepare(
            SweepFixtures.spec("spiking-relu", 10),
            SweepFixtures.weights(),
            g.expand().get(0),
            NeuronTypes::create);
    double reference = SweepFixtures.referenceAccuracy(prepared.spec(), prepared.params(), DATA, 8);
    assertEquals(reference, r.accuracy());
    assertEquals("spiking-relu", r.neuron());
    assertEquals("0.01", r.synapse());
    assertEquals("2.0", r.scale());
    assertEquals(15, r.steps());
  }

  @Test
  void pointsFedByTheTrainingEncoderSeeItsSpikesAtEachPointsSteps() throws IOException {
    RateEncoder encoder = new RateEncoder(10, 6, 3);
    SweepGrid g =
        new SweepGrid(List.of(spikingModel), null, List.of(10, 25), null, null, null, null);
    SweepOptions fed = options(2).withInput(encoder);
    SweepSummary s = new SweepStage(spark, fed).run(g, DATA, tmp.resolve("encoded").toString());
    SweepSummary tiled =
        new SweepStage(spark, options(2)).run(g, DATA, tmp.resolve("encoded").toString());
    for (int i = 0; i < 2; i++) {
      GridPoint p = g.expand().get(i);
      var prepared =
          PointNetwork.prepare(
              SweepFixtures.spec("spiking-relu", 10), SweepFixtures.weights(), p,
              NeuronTypes::create);
      double reference =
          SweepFixtures.referenceAccuracy(
              prepared.spec(), prepared.params(), DATA, 8, encoder.withSteps(p.steps()));
      assertEquals(reference, s.results().get(i).accuracy(), "steps " + p.steps());
      assertEquals(
          SweepFixtures.referenceAccuracy(prepared.spec(), prepared.params(), DATA, 8),
          tiled.results().get(i).accuracy());
      // the input is part of a point's key: the time-tiled run did not reuse the encoded points
      assertTrue(!s.results().get(i).key().equals(tiled.results().get(i).key()));
    }
    assertEquals(2, tiled.computedPoints());
    String report = Files.readString(tmp.resolve("encoded/results/report.md"));
    assertTrue(report.contains("fed time-tiled intensities."), report); // the second run's

    // points of the same steps share their first layers' work: the same bits as each alone
    SweepGrid synapses =
        new SweepGrid(List.of(spikingModel), null, List.of(10, 25), null,
            List.of(SynapseSetting.none(), SynapseSetting.lowpass(0.02)), null, null);
    SweepSummary together =
        new SweepStage(spark, fed).run(synapses, DATA, tmp.resolve("enc-shared").toString());
    SweepSummary alone =
        new SweepStage(spark, fed.withShareLayers(false))
            .run(synapses, DATA, tmp.resolve("enc-alone").toString());
    assertEquals(4, together.computedPoints());
    for (int i = 0; i < 4; i++) {
      assertSameResults(together.results().get(i), alone.results().get(i));
    }
    assertEquals(s.results().get(0).accuracy(), together.results().get(0).accuracy());
    String fedReport = Files.readString(tmp.resolve("enc-shared/results/report.md"));
    assertTrue(fedReport.contains("fed RateEncoder[steps=10, maxSpikes=6.0, seed=3]."), fedReport);
  }

  @Test
  void aGridOverTwoModelsEvaluatesEveryPointWithItsOwnModel() {
    // the models' networks are broadcast per model (PointNetworks): each point must get its own
    SweepGrid both = sixStepsOver(List.of(reluModel, spikingModel));
    SweepSummary together =
        new SweepStage(spark, options(2)).run(both, DATA, tmp.resolve("both").toString());
    assertEquals(4, together.computedPoints());
    for (String model : List.of(reluModel, spikingModel)) {
      String out = tmp.resolve("alone-" + model.hashCode()).toString();
      SweepSummary alone =
          new SweepStage(spark, options(2)).run(sixStepsOver(List.of(model)), DATA, out);
      for (PointResult a : alone.results()) {
        PointResult b =
            together.results().stream().filter(r -> r.key().equals(a.key())).findFirst().get();
        assertEquals(a.accuracy(), b.accuracy());
        assertArrayEquals(a.accuracyPerStep(), b.accuracyPerStep());
        assertEquals(a.layers().get(0).rateMeanHz(), b.layers().get(0).rateMeanHz());
      }
    }
    // the two models differ (relu against spiking-relu at 6 steps), so a mix-up would show
    PointResult relu = firstOf(together, reluModel);
    PointResult spiking = firstOf(together, spikingModel);
    assertTrue(
        relu.layers().get(0).rateMeanHz() != spiking.layers().get(0).rateMeanHz()
            || !java.util.Arrays.equals(relu.accuracyPerStep(), spiking.accuracyPerStep()));
  }

  @Test
  void settingsSharedByTwoModelsGetTheirSpreadInTheReportAndACsv() throws IOException {
    // both models' networks become the same spiking network under the neuron swap (same weights),
    // so each setting is seen on two models with one accuracy
    SweepGrid g =
        new SweepGrid(
            List.of(reluModel, spikingModel),
            null,
            List.of(6),
            List.of("spiking-relu"),
            List.of(SynapseSetting.none(), SynapseSetting.lowpass(0.02)),
            null,
            null);
    String out = tmp.resolve("spread").toString();
    SweepSummary s = new SweepStage(spark, options(2)).run(g, DATA, out);
    java.nio.file.Path results = java.nio.file.Path.of(out, "results");
    List<String> csv = Files.readAllLines(results.resolve("model-spread.csv"));
    assertEquals(3, csv.size(), "a header and the two settings: " + csv);
    List<ModelSpread> spreads = ModelSpread.of(s.results());
    assertEquals(2, spreads.size());
    for (ModelSpread spread : spreads) {
      assertEquals(2, spread.models());
      assertEquals(0.0, spread.sd());
    }
    assertEquals(firstOf(s, reluModel).accuracy(), spreads.get(0).mean());
    assertEquals(firstOf(s, spikingModel).accuracy(), spreads.get(0).max());
    String md = Files.readString(results.resolve("report.md"));
    assertTrue(md.contains("## Spread over the models"), md);
    assertTrue(OutputDir.isComplete(new Path(out, "results"), new Configuration()));
  }

  @Test
  void pointsEvaluatedTogetherGiveTheBitsOfEachPointAlone() {
    // synapse x scale over the spiking model: the points of each scale share dense + activation
    SweepGrid g =
        new SweepGrid(
            List.of(spikingModel),
            null,
            List.of(12),
            null,
            List.of(
                SynapseSetting.none(), SynapseSetting.lowpass(0.005), SynapseSetting.lowpass(0.02)),
            List.of(ScaleSetting.global(1.0), ScaleSetting.global(4.0)),
            null);
    // the grid does form groups (each scale's synapse points share dense + activation)
    List<PointNetwork.Prepared> prepared = new java.util.ArrayList<>();
    for (GridPoint p : g.expand()) {
      prepared.add(
          PointNetwork.prepare(
              SweepFixtures.spec("spiking-relu", 10),
              SweepFixtures.weights(),
              p,
              NeuronTypes::create));
    }
    List<Integer> all = java.util.stream.IntStream.range(0, 6).boxed().toList();
    assertTrue(PointGroups.of(all, prepared, new int[6], NeuronTypes::create, true).size() <= 2);
    SweepSummary together =
        new SweepStage(spark, options(2)).run(g, DATA, tmp.resolve("shared").toString());
    SweepSummary alone =
        new SweepStage(spark, options(2).withShareLayers(false))
            .run(g, DATA, tmp.resolve("unshared").toString());
    assertEquals(6, together.computedPoints());
    for (int i = 0; i < 6; i++) {
      PointResult a = alone.results().get(i);
      PointResult b = together.results().get(i);
      assertSameResults(a, b);
      assertEquals(a.examples().size(), b.examples().size());
      for (int e = 0; e < a.examples().size(); e++) {
        assertEquals(a.examples().get(e).id(), b.examples().get(e).id());
        for (int t = 0; t < a.examples().get(e).probabilities().size(); t++) {
          assertArrayEquals(
              a.examples().get(e).probabilities().get(t), b.examples().get(e).probabilities().get(t));
        }
      }
      assertEquals(DATA.count(), b.images());
    }
    // the synapses change the readout over time, so a mix-up between points would show
    assertTrue(
        !java.util.Arrays.equals(
            together.results().get(0).accuracyPerStep(),
            together.results().get(2).accuracyPerStep())
            || together.results().get(0).accuracyMean() != together.results().get(2).accuracyMean());
  }

  /** Six steps, without and with a synapse, over {@code models}. */
  private static SweepGrid sixStepsOver(List<String> models) {
    return new SweepGrid(
        models,
        null,
        List.of(6),
        null,
        List.of(SynapseSetting.none(), SynapseSetting.lowpass(0.02)),
        null,
        null);
  }

  private static PointResult firstOf(SweepSummary s, String model) {
    return s.results().stream().filter(r -> r.model().equals(model)).findFirst().orElseThrow();
  }

  @Test
  void rerunComputesOnlyMissingPointsAndWritesTheResults() throws Exception {
    String out = tmp.resolve("resume").toString();
    SweepStage stage = new SweepStage(spark, options(2));
    SweepSummary first = stage.run(grid(List.of(5)), DATA, out);
    assertEquals(4, first.computedPoints());
    assertEquals(4L * DATA.count(), first.imagesEvaluated());

    SweepSummary second = stage.run(grid(List.of(5, 12)), DATA, out);
    assertEquals(8, second.totalPoints());
    assertEquals(4, second.skippedPoints());
    assertEquals(4, second.computedPoints());
    assertEquals(4L * DATA.count(), second.imagesEvaluated());
    for (int i = 0; i < 4; i++) {
      // steps vary slower than neuron and synapse: the first four points are the reused ones,
      // read back from points/ (the same wall-clock seconds prove they were not recomputed)
      PointResult a = first.results().get(i);
      PointResult b = second.results().get(i);
      assertEquals(a.key(), b.key());
      assertEquals(a.seconds(), b.seconds());
      assertEquals(a.accuracy(), b.accuracy());
      assertArrayEquals(a.accuracyPerStep(), b.accuracyPerStep());
    }

    SweepSummary third = stage.run(grid(List.of(5, 12)), DATA, out);
    assertEquals(0, third.computedPoints());
    assertEquals(0L, third.imagesEvaluated());

    // a moved model keeps its content hash, so its points are reused too
    java.nio.file.Path moved = tmp.resolve("moved-relu-model");
    Files.createDirectories(moved);
    try (var files = Files.list(java.nio.file.Path.of(java.net.URI.create(reluModel)))) {
      for (java.nio.file.Path f : files.toList()) {
        Files.copy(f, moved.resolve(f.getFileName()));
      }
    }
    SweepGrid movedGrid =
        new SweepGrid(
            List.of(moved.toUri().toString()), null, List.of(5), null, null, null, null);
    SweepSummary fourth = stage.run(movedGrid, DATA, out);
    assertEquals(0, fourth.computedPoints());
    assertEquals(moved.toUri().toString(), fourth.results().get(0).model());
    assertEquals(first.results().get(0).key(), fourth.results().get(0).key());

    stage.run(grid(List.of(5, 12)), DATA, out);
    Path results = new Path(out, "results");
    assertTrue(OutputDir.isComplete(results, new Configuration()));
    java.nio.file.Path dir = java.nio.file.Path.of(out, "results");
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    assertEquals(9, csv.size());
    assertTrue(csv.get(0).startsWith("key,model,model_hash,dt,steps,neuron,synapse,"));
    assertTrue(csv.get(0).contains("energy_loihi_j"));
    assertTrue(csv.get(0).contains("act0_rate_mean_hz"));
    Dataset<Row> parquet = spark.read().parquet(dir.resolve("results.parquet").toString());
    assertEquals(8, parquet.count());
    assertEquals(
        third.results().get(7).accuracy(),
        parquet.filter("key = '" + third.results().get(7).key() + "'").first().getAs("accuracy"));
    String md = Files.readString(dir.resolve("report.md"));
    assertFalse(Files.exists(dir.resolve("model-spread.csv")), "one model: no spread");
    assertFalse(md.contains("Spread over the models"));
    for (String png :
        List.of(
            "accuracy-vs-steps.png",
            "accuracy-vs-neuron.png",
            "accuracy-vs-synapse.png",
            "accuracy-vs-step.png",
            "rates-act0.png",
            "output-1000.png")) {
      assertTrue(md.contains("](" + png + ")"), png);
      byte[] head = Files.readAllBytes(dir.resolve(png));
      assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png);
    }
    try (var files = Files.list(java.nio.file.Path.of(out, "points"))) {
      assertEquals(
          8,
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".json") && !f.startsWith("."))
              .count());
    }
  }

  @Test
  void unknownLayerInPerLayerScaleFailsBeforeAnyJob() {
    SweepGrid g =
        new SweepGrid(
            List.of(reluModel),
            null,
            null,
            null,
            null,
            List.of(ScaleSetting.global(1.0), ScaleSetting.perLayer(Map.of("nope", 2.0))),
            null);
    long jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    var e =
        assertThrows(
            ConfigException.class,
            () -> new SweepStage(spark, options(1)).run(g, DATA, tmp.resolve("bad").toString()));
    assertTrue(
        e.getMessage()
            .startsWith(
                "sweep.scaleFiringRates[1]: no activation layer 'nope' in the model; activation"
                    + " layers: act0"),
        e.getMessage());
    assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length);
    assertTrue(!Files.exists(tmp.resolve("bad")));
  }
}
