package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which lines the sweep's charts draw, and what the title and report.md say about the rest. */
class SweepReportTest {
  private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3");
  private static final List<Double> DTS = List.of(0.05, 0.1, 0.2);
  private static final List<Integer> STEPS = List.of(10, 30);
  private static final List<String> SYNAPSES = List.of("none", "0.005");

  private static PointResult point(String model, double dt, int steps, String synapse, double acc) {
    return new PointResult(
        model + dt + steps + synapse, model, "h-" + model, dt, steps, "spiking-relu", synapse,
        "model", 100, acc, acc, acc, null, new double[] {acc}, List.of(), 0, 0, 0, 1, 1, List.of());
  }

  /**
   * 4 models × 3 dt × 2 steps × 2 synapses; model {@code m} is 0.05 less accurate than the one
   * before, synapse 0.005 costs 0.01, 30 steps 0.002, and a larger dt gains 0.001.
   */
  private static List<PointResult> grid(List<String> models) {
    List<PointResult> points = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      for (int d = 0; d < DTS.size(); d++) {
        for (int t = 0; t < STEPS.size(); t++) {
          for (int s = 0; s < SYNAPSES.size(); s++) {
            double acc = 0.9 - 0.05 * m - 0.01 * s - 0.002 * t + 0.001 * d;
            points.add(point(models.get(m), DTS.get(d), STEPS.get(t), SYNAPSES.get(s), acc));
          }
        }
      }
    }
    return points;
  }

  /** The lines of accuracy vs dt: one per model, steps and synapse, in grid order. */
  private static Map<String, List<PointResult>> linesVsDt(List<PointResult> points) {
    Map<String, List<PointResult>> groups = new LinkedHashMap<>();
    for (PointResult r : points) {
      String name = "model=" + r.model() + ", steps=" + r.steps() + ", synapse=" + r.synapse();
      groups.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    return groups;
  }

  private static String render(List<PointResult> points) {
    return new SweepReport(points, new ResultsTable(points, List.of()), 100).render();
  }

  @Test
  void everyLineIsDrawnUpToTheLimit() {
    Map<String, List<PointResult>> lines = linesVsDt(grid(List.of("m0", "m1")));
    assertEquals(8, lines.size());
    assertEquals(List.copyOf(lines.keySet()), SweepReport.chooseSeries(lines, 10));
    assertEquals("Accuracy vs dt", SweepReport.chartTitle(SweepAxis.DT, 8, 8));
  }

  @Test
  void overTheLimitEachModelKeepsItsTopLineAndTheRestSpanTheRanking() {
    Map<String, List<PointResult>> lines = linesVsDt(grid(MODELS));
    assertEquals(16, lines.size());
    // ranked: m0 (none,10) (none,30) (0.005,10) (0.005,30), then m1, m2, m3 alike; each model's
    // top line, then 6 of the other 12 at ranks 0, 2, 4, 7, 9, 11: m0 (none,30), m0 (0.005,30),
    // m1 (0.005,10), m2 (0.005,10), m3 (none,30), m3 (0.005,30)
    assertEquals(
        List.of(
            "model=m0, steps=10, synapse=none",
            "model=m0, steps=30, synapse=none",
            "model=m0, steps=30, synapse=0.005",
            "model=m1, steps=10, synapse=none",
            "model=m1, steps=10, synapse=0.005",
            "model=m2, steps=10, synapse=none",
            "model=m2, steps=10, synapse=0.005",
            "model=m3, steps=10, synapse=none",
            "model=m3, steps=30, synapse=none",
            "model=m3, steps=30, synapse=0.005"),
        SweepReport.chooseSeries(lines, 10));
    assertEquals(
        "Accuracy vs dt (10 of 16 lines, see report)",
        SweepReport.chartTitle(SweepAxis.DT, 10, 16));
  }

  @Test
  void moreModelsThanLinesKeepsTheTopLinesOfTheBestModels() {
    Map<String, List<PointResult>> lines = linesVsDt(grid(MODELS));
    assertEquals(
        List.of(
            "model=m0, steps=10, synapse=none",
            "model=m1, steps=10, synapse=none",
            "model=m2, steps=10, synapse=none"),
        SweepReport.chooseSeries(lines, 3));
  }

  @Test
  void reportSaysHowManyLinesEachChartDrawsAndWhichItLeavesOut() {
    String md = render(grid(MODELS));
    assertTrue(
        md.contains(
            "![accuracy vs dt](accuracy-vs-dt.png)\n\n*10 of 16 lines shown*: ranked by their"
                + " highest accuracy, each model's top line, then lines at evenly spaced ranks (the"
                + " most and least accurate included). Not shown: `model=m0, steps=10,"
                + " synapse=0.005`; `model=m1, steps=30, synapse=none`; `model=m1, steps=30,"
                + " synapse=0.005`; `model=m2, steps=30, synapse=none`; `model=m2, steps=30,"
                + " synapse=0.005`; `model=m3, steps=10, synapse=0.005`. Every point is in"
                + " `results.csv`.\n\n"),
        md);
    // against the model every line mixes the models: no per-model rule
    assertTrue(
        md.contains(
            "![accuracy vs model](accuracy-vs-model.png)\n\n*10 of 12 lines shown*: ranked by"
                + " their highest accuracy, lines at evenly spaced ranks"),
        md);
    assertTrue(
        md.contains(
            "*The 10 most accurate of 48 points shown; every point's accuracy after each step is"
                + " in `results.csv` (`accuracy_per_step`).*"),
        md);
  }

  @Test
  void chartsNameModelsByTheirShortNamesWhileThoseTellThemApart() {
    List<String> gridModels =
        List.of(
            "file:/r/grid/p0_lr-0.1/model", "file:/r/grid/p1_lr-0.2/model",
            "file:/r/grid/p2_lr-0.3/model", "file:/r/grid/p3_lr-0.4/model");
    String md = render(grid(gridModels));
    assertTrue(md.contains("`model=p0_lr-0.1, steps=10, synapse=0.005`"), md);
    assertFalse(md.contains("`model=file:/r/grid/"), md);
    // two models that share a short name keep their full locations
    assertEquals(
        Map.of("a/model", "a", "b/model", "b"), ModelNames.of(List.of("a/model", "b/model")));
    assertEquals(
        Map.of("x/p0/model", "x/p0/model", "y/p0/model", "y/p0/model"),
        ModelNames.of(List.of("x/p0/model", "y/p0/model")));
  }

  @Test
  void aSweepWithinTheLimitHasNoNotes() {
    List<PointResult> points =
        grid(List.of("m0")).stream().filter(r -> r.synapse().equals("none")).toList();
    assertEquals(6, points.size());
    String md = render(points);
    assertFalse(md.contains("lines shown"), md);
    assertFalse(md.contains("most accurate of"), md);
  }
}
