package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpreadTest {
  private static PointResult point(String model, String synapse, double accuracy, double mean) {
    return new PointResult(
        model + synapse, model, "h-" + model, 0.001, 120, "spiking-relu", synapse, "model", 400,
        accuracy, accuracy, mean, null, new double[] {accuracy}, List.of(), 0, 0, 0, 1, 1,
        List.of());
  }

  @Test
  void eachSettingGetsTheMeanSampleSdAndExtremesOverItsModels() {
    List<ModelSpread> spreads =
        ModelSpread.of(
            List.of(
                point("seed0", "0.005", 0.7125, 0.9575),
                point("seed0", "0.01", 0.7575, 0.9075),
                point("seed1", "0.005", 0.6775, 0.95),
                point("seed1", "0.01", 0.7725, 0.9),
                point("seed2", "0.005", 0.705, 0.96),
                point("seed2", "0.01", 0.80, 0.91)));
    assertEquals(2, spreads.size());
    ModelSpread s = spreads.get(0);
    assertEquals("0.005", s.synapse(), "settings in the order they first appear");
    assertEquals(3, s.models());
    assertEquals((0.7125 + 0.6775 + 0.705) / 3, s.mean(), 1e-15);
    double m = s.mean();
    double var =
        ((0.7125 - m) * (0.7125 - m) + (0.6775 - m) * (0.6775 - m) + (0.705 - m) * (0.705 - m)) / 2;
    assertEquals(Math.sqrt(var), s.sd(), 1e-15);
    assertEquals(0.6775, s.min());
    assertEquals("seed1", s.minModel());
    assertEquals(0.7125, s.max());
    assertEquals("seed0", s.maxModel());
    assertEquals((0.9575 + 0.95 + 0.96) / 3, s.meanOverStepsMean(), 1e-15);
    assertEquals("seed2", spreads.get(1).maxModel());
    assertEquals(0.7575, spreads.get(1).min());
  }

  @Test
  void oneModelOrASettingSeenOnOneModelHasNoSpread() {
    assertTrue(
        ModelSpread.of(List.of(point("a", "0.005", 0.5, 0.5), point("a", "0.01", 0.6, 0.6)))
            .isEmpty());
    List<ModelSpread> partial =
        ModelSpread.of(
            List.of(
                point("a", "0.005", 0.5, 0.5),
                point("b", "0.005", 0.7, 0.7),
                point("b", "0.01", 0.6, 0.6)));
    assertEquals(1, partial.size());
    assertEquals(0.6, partial.get(0).mean(), 1e-15);
    assertEquals(Math.sqrt(0.02), partial.get(0).sd(), 1e-15);
  }

  @Test
  void aModelCountsOncePerSettingEvenWhenTwoOfItsPointsResolveToIt() {
    List<ModelSpread> spreads =
        ModelSpread.of(
            List.of(
                point("a", "0.01", 0.5, 0.5),
                point("a", "0.01", 0.9, 0.9),
                point("b", "0.01", 0.7, 0.7)));
    assertEquals(1, spreads.size());
    assertEquals(2, spreads.get(0).models());
    assertEquals(0.6, spreads.get(0).mean(), 1e-15);
    assertEquals(0.5, spreads.get(0).min());
  }

  @Test
  void csvHasAHeaderAndQuotesTextCellsWithCommas() {
    List<ModelSpread> spreads =
        ModelSpread.of(
            List.of(point("runs/a,b/model", "0.01", 0.5, 0.5), point("runs/c/model", "0.01", 1, 1)));
    List<String> lines = ModelSpread.csv(spreads).lines().toList();
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("dt,steps,neuron,synapse,scale_firing_rates,models,"));
    assertEquals(
        "0.001,120,spiking-relu,0.01,model,2,0.75,0.3535533905932738,0.5,1.0,"
            + "\"runs/a,b/model\",runs/c/model,0.75,0.3535533905932738",
        lines.get(1));
  }

  @Test
  void fewerThanTwoModelsIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModelSpread(0.001, 10, "relu", "none", "model", 1, 0, 0, 0, 0, "a", "a", 0, 0));
  }
}
