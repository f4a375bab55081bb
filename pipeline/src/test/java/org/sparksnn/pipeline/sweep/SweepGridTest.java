package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.sweep.ScaleSetting.RateCurve;

class SweepGridTest {

  private static SweepGrid grid() {
    return new SweepGrid(
        List.of("m1", "m2"),
        List.of(0.001, 0.002),
        List.of(10, 100, 1000),
        Arrays.asList(null, "lif"),
        List.of(SynapseSetting.none(), SynapseSetting.lowpass(0.005)),
        List.of(ScaleSetting.global(1.0)),
        List.of(new GridPoint(null, 0.001, 5, "loihi-relu", null, null)));
  }

  @Test
  void expandsCartesianProductThenExplicitPointsForEveryModel() {
    List<GridPoint> points = grid().expand();
    assertEquals(2 * 2 * 3 * 2 * 2 * 1 + 2, points.size());
    // last axis (scale, then synapse) varies fastest
    assertEquals(
        new GridPoint("m1", 0.001, 10, null, SynapseSetting.none(), ScaleSetting.global(1.0)),
        points.get(0));
    assertEquals(SynapseSetting.lowpass(0.005), points.get(1).synapse());
    assertEquals("lif", points.get(2).neuron());
    assertEquals("m2", points.get(24).model());
    assertEquals(new GridPoint("m1", 0.001, 5, "loihi-relu", null, null), points.get(48));
    assertEquals("m2", points.get(49).model());
  }

  @Test
  void emptyAxesKeepTheModelsValuesAndDuplicatesAreDropped() {
    SweepGrid g =
        new SweepGrid(
            List.of("m"),
            null,
            null,
            null,
            null,
            null,
            List.of(new GridPoint("m", null, null, null, null, null)));
    List<GridPoint> points = g.expand();
    assertEquals(1, points.size());
    GridPoint p = points.get(0);
    assertNull(p.dt());
    assertNull(p.steps());
    assertNull(p.neuron());
    assertTrue(p.synapse().isNone());
    assertTrue(p.scale().isModel());
  }

  @Test
  void explicitPointsAloneAreTheWholeGrid() {
    GridPoint relu = new GridPoint(null, null, 10, "relu", null, null);
    GridPoint spiking = new GridPoint(null, null, 50, "spiking-relu", null, null);
    SweepGrid pointsOnly =
        new SweepGrid(List.of("m1", "m2"), null, null, null, null, null, List.of(relu, spiking));
    assertEquals(
        List.of(relu.withModel("m1"), relu.withModel("m2"), spiking.withModel("m1"),
            spiking.withModel("m2")),
        pointsOnly.expand());
    // with an axis, its product comes first; with nothing, each model as it is
    SweepGrid withAxis =
        new SweepGrid(List.of("m1"), List.of(0.01), null, null, null, null, List.of(relu));
    assertEquals(
        List.of(new GridPoint("m1", 0.01, null, null, null, null), relu.withModel("m1")),
        withAxis.expand());
    assertEquals(
        List.of(new GridPoint("m1", null, null, null, null, null)),
        SweepGrid.of(List.of("m1")).expand());
  }

  @Test
  void validationErrorsNameTheKeyPath() {
    var e1 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SweepGrid(List.of("m"), List.of(0.001, -0.001), null, null, null, null, null));
    assertEquals("dt[1] must be > 0, got -0.001", e1.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepGrid(List.of("m"), null, List.of(0), null, null, null, null));
    assertEquals("steps[0] must be >= 1, got 0", e2.getMessage());
    var e3 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SweepGrid(
                    List.of("m"), null, null, List.of("lif", "izhikevich"), null, null, null));
    assertTrue(
        e3.getMessage().startsWith("neuron[1] must be one of relu, spiking-relu"), e3.getMessage());
    assertTrue(e3.getMessage().endsWith("got 'izhikevich'"), e3.getMessage());
    var e4 =
        assertThrows(
            IllegalArgumentException.class,
            () -> SweepGrid.parsePoint("points[3]", null, 0.0, null, null, null, null));
    assertEquals("points[3].dt must be > 0, got 0.0", e4.getMessage());
    var e5 =
        assertThrows(
            IllegalArgumentException.class,
            () -> SynapseSetting.parse("synapse[2]", Map.of("act0", -1.0)));
    assertEquals("synapse[2].act0 must be >= 0, got -1.0", e5.getMessage());
    var e5b =
        assertThrows(
            IllegalArgumentException.class,
            () -> SynapseSetting.parse("synapse[0]", Map.of("act0", "fast")));
    assertEquals("synapse[0].act0 must be a lowpass tau in s, got 'fast'", e5b.getMessage());
    var e5c =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScaleSetting.parse("scaleFiringRates[1]", Map.of("act1", 0)));
    assertEquals("scaleFiringRates[1].act1 must be > 0, got 0.0", e5c.getMessage());
    var e5d =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScaleSetting.parse("scaleFiringRates[1]", Map.of("act1", List.of(1))));
    assertEquals("scaleFiringRates[1].act1 must be a number > 0, got '[1]'", e5d.getMessage());
    var e6 =
        assertThrows(
            IllegalArgumentException.class, () -> ScaleSetting.parse("scaleFiringRates[0]", "big"));
    assertTrue(e6.getMessage().startsWith("scaleFiringRates[0] must be model, a number > 0"));
    var e7 =
        assertThrows(
            IllegalArgumentException.class,
            () -> SweepGrid.parsePoint("points[0]", null, null, null, "foo", null, null));
    assertTrue(e7.getMessage().startsWith("points[0].neuron must be one of"), e7.getMessage());
    var e8 =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SweepGrid(List.of(), null, null, null, null, null, null));
    assertTrue(e8.getMessage().startsWith("models must name at least one model directory"));
  }

  @Test
  void parsesConfigValues() {
    assertTrue(SynapseSetting.parse("s", "none").isNone());
    assertTrue(SynapseSetting.parse("s", null).isNone());
    assertEquals(SynapseSetting.lowpass(0.01), SynapseSetting.parse("s", 0.01));
    assertEquals(SynapseSetting.lowpass(0.0), SynapseSetting.parse("s", 0));
    assertEquals(
        SynapseSetting.perLayer(Map.of("act0", 0.005)),
        SynapseSetting.parse("s", Map.of("act0", 0.005)));
    assertTrue(ScaleSetting.parse("s", "model").isModel());
    assertEquals(ScaleSetting.global(10.0), ScaleSetting.parse("s", 10));
    assertEquals(
        ScaleSetting.perLayer(Map.of("act0", 5.0, "act1", 50.0)),
        ScaleSetting.parse("s", Map.of("act1", 50, "act0", 5.0)));
    assertNull(SweepGrid.parseNeuron("n", "model"));
    assertEquals("lif", SweepGrid.parseNeuron("n", "lif"));
  }

  @Test
  void pointKeyIsStableAndCoversSettingsModelAndContext() {
    GridPoint p =
        new GridPoint(
            "runs/a/model",
            0.001,
            100,
            "lif",
            SynapseSetting.perLayer(Map.of("b", 0.01, "a", 0.005)),
            ScaleSetting.global(10.0));
    String key = p.key("modelhash", "context");
    // fixed across JVMs and runs: doubles enter as bits, maps sorted by name
    assertEquals("efd8ce777d473872d567", key);
    assertEquals(key, p.withModel("/elsewhere/model").key("modelhash", "context"));
    // per-layer scales and target rates too: a re-run of an older sweep finds its points
    GridPoint perLayerScale =
        new GridPoint(
            "m",
            0.001,
            100,
            null,
            SynapseSetting.lowpass(0.005),
            ScaleSetting.perLayer(Map.of("b", 20.0, "a", 2.0)));
    assertEquals("597bc8b252a5073c1e02", perLayerScale.key("modelhash", "context"));
    GridPoint target =
        new GridPoint(
            "m", 0.001, 100, null, SynapseSetting.none(), ScaleSetting.target(200, RateCurve.MODEL));
    assertEquals("62b918d44493cf444856", target.key("modelhash", "context"));
    assertNotEquals(key, p.key("otherhash", "context"));
    assertNotEquals(key, p.key("modelhash", "other"));
    assertNotEquals(
        key,
        new GridPoint("m", 0.002, 100, "lif", p.synapse(), p.scale()).key("modelhash", "context"));
    assertNotEquals(
        key,
        new GridPoint("m", 0.001, 101, "lif", p.synapse(), p.scale()).key("modelhash", "context"));
    assertNotEquals(
        key,
        new GridPoint("m", 0.001, 100, null, p.synapse(), p.scale()).key("modelhash", "context"));
    assertNotEquals(
        key,
        new GridPoint("m", 0.001, 100, "lif", SynapseSetting.lowpass(0.005), p.scale())
            .key("modelhash", "context"));
    assertNotEquals(
        key,
        new GridPoint("m", 0.001, 100, "lif", p.synapse(), ScaleSetting.model())
            .key("modelhash", "context"));
  }
}
