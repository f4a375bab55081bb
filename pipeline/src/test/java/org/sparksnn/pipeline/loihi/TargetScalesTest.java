package org.sparksnn.pipeline.loihi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.PointNetwork;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SweepGrid;
import org.sparksnn.pipeline.sweep.EvalImages;

/** {@code scaleFiringRates: {targetRate: Hz}} in a sweep grid, resolved before the sweep runs. */
class TargetScalesTest {

  private static EvalImages sample() {
    int n = 4;
    byte[] px = new byte[n * 784];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) ((i * 37) % 256);
    }
    return new EvalImages(new long[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}, 784, px);
  }

  /** The notebook's relu network with fixed weights. */
  private static final NetworkSpec SPEC = KerasToLoihiModel.spec("relu");

  private static final ParameterSet WEIGHTS = KerasToLoihiModel.weights(SPEC, 3);

  /** {@code points} of a grid over the network, target rates resolved on {@link #sample}. */
  private static List<GridPoint> resolve(SweepGrid grid) {
    LoadedModel model = new LoadedModel(null, SPEC, WEIGHTS, "m");
    return TargetScales.resolve(grid, name -> model, TargetScalesTest::sample).expand();
  }

  private static SweepGrid grid(GridPoint... points) {
    return new SweepGrid(List.of("m"), null, null, null, null, null, List.of(points));
  }

  /** The search itself on the sample images with {@code neuron}'s rate curve. */
  private static ScaleSearch.Result search(String neuron) {
    EvalImages img = sample();
    float[][] x = new float[img.count()][img.imageSize()];
    for (int i = 0; i < x.length; i++) {
      img.intensities(i, x[i], 0);
    }
    return ScaleSearch.search(SPEC, WEIGHTS, img.ids(), x, 200, neuron);
  }

  @Test
  void parsesTargetRateAndResolvesItPerModelAndNeuron() {
    ScaleSetting t = ScaleSetting.parse("points[1].scaleFiringRates", Map.of("targetRate", 200));
    assertEquals(200.0, t.targetRate());
    assertEquals("target 200.0 Hz", t.label());
    SweepGrid grid = grid(
        new GridPoint(null, null, 10, "relu", null, null),
        new GridPoint(null, null, 30, "loihi-relu", null, t));
    List<GridPoint> points = resolve(grid);
    List<GridPoint> before = grid.expand(); // the two explicit points
    assertEquals(2, before.size());
    assertEquals(before.size(), points.size());
    assertEquals(before.get(0), points.get(0));
    ScaleSetting s = points.get(1).scale();
    assertEquals(java.util.Set.of("act0", "act1", "act2", "to-spikes-act"), s.perLayer().keySet());
    assertEquals(search("loihi-relu").scales(), Map.copyOf(s.perLayer()));
  }

  @Test
  void resolvingTargetsKeepsTheGridsPointsAndAddsNone() {
    SweepGrid grid = new SweepGrid(List.of("m"), List.of(0.001, 0.002), null,
        List.of("spiking-relu"), null, null,
        List.of(new GridPoint(null, null, 30, "loihi-relu", null, ScaleSetting.target(100))));
    List<GridPoint> before = grid.expand();
    List<GridPoint> points = resolve(grid);
    assertEquals(3, points.size());
    assertEquals(before.subList(0, 2), points.subList(0, 2));
    assertEquals(before.get(2).withModel("m").steps(), points.get(2).steps());
    assertTrue(points.get(2).scale().targetRate() == null && !points.get(2).scale().isModel());
  }

  /**
   * {@code rateCurve: model}: the notebook's hand computation, {@code scale = target / the rate
   * network's mean active rate}, although the point evaluates Loihi neurons.
   */
  @Test
  void modelRateCurveScalesAreTargetOverTheRateNetworksMeanActiveRate() {
    ScaleSetting t = ScaleSetting.parse(
        "points[0].scaleFiringRates", Map.of("targetRate", 200, "rateCurve", "model"));
    assertEquals(ScaleSetting.RateCurve.MODEL, t.rateCurve());
    assertEquals("target 200.0 Hz (model rates)", t.label());
    List<GridPoint> points = resolve(grid(
        new GridPoint(null, null, 30, "loihi-relu", null, t),
        new GridPoint(null, null, 30, "loihi-relu", null, ScaleSetting.target(200))));
    Map<String, Double> byModel = points.get(0).scale().perLayer();
    Map<String, Double> byLoihi = points.get(1).scale().perLayer();
    ScaleSearch.Result relu = search(null);
    for (Map.Entry<String, Double> e : byModel.entrySet()) {
      double expected = 200 / relu.baseRatesHz().get(e.getKey());
      assertEquals(expected, e.getValue(), expected * 1e-5, e.getKey());
      // Loihi's staircase fires at most at the relu rate, so reaching 200 Hz on it needs more
      assertTrue(byLoihi.get(e.getKey()) >= e.getValue(), e.getKey() + ": " + byLoihi);
    }
    assertTrue(!byLoihi.equals(byModel), "the two curves give the same scales: " + byModel);
  }

  @Test
  void rateCurveIsCheckedAndKeyedOnlyWhenNotTheDefault() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ScaleSetting.parse("sweep.points[2].scaleFiringRates",
            Map.of("targetRate", 200, "rateCurve", "loihi")));
    assertEquals("sweep.points[2].scaleFiringRates.rateCurve must be evaluated or model, got"
        + " 'loihi'", bad.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ScaleSetting.parse("s", Map.of("targetRate", 200, "rate", "model")));
    assertEquals("s.rate is not a key of a target rate (targetRate, rateCurve)",
        unknown.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ScaleSetting(2.0, Map.of(), null, ScaleSetting.RateCurve.MODEL));
    GridPoint evaluated = new GridPoint("m", null, 30, "loihi-relu", null,
        ScaleSetting.parse("s", Map.of("targetRate", 200, "rateCurve", "evaluated")));
    GridPoint plain = new GridPoint("m", null, 30, "loihi-relu", null, ScaleSetting.target(200));
    GridPoint byModel = new GridPoint("m", null, 30, "loihi-relu", null,
        ScaleSetting.target(200, ScaleSetting.RateCurve.MODEL));
    assertEquals(plain.key("h", "c"), evaluated.key("h", "c"));
    assertTrue(!plain.key("h", "c").equals(byModel.key("h", "c")));
  }

  @Test
  void gridWithoutTargetsIsReturnedUnchangedAndUnresolvedTargetsAreRejected() {
    SweepGrid grid = SweepGrid.of(List.of("m"));
    assertSame(grid, TargetScales.resolve(grid, n -> {
      throw new AssertionError("no model load needed");
    }, () -> {
      throw new AssertionError("no sample needed");
    }));
    NetworkSpec spec = KerasToLoihiModel.spec("relu");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PointNetwork.prepare(spec, KerasToLoihiModel.weights(spec, 1),
            new GridPoint("m", null, null, null, null, ScaleSetting.target(100)),
            KerasToLoihiModel.RESOLVER));
    assertTrue(e.getMessage().contains("target rate"), e.getMessage());
  }
}
