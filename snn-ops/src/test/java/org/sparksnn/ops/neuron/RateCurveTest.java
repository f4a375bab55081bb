package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RateCurveTest {

  @Test
  void currentsIncludeTheUpperBoundDespiteRoundingWithoutAccumulating() {
    double[] j = RateCurve.currents(-1, 10, 0.1);
    assertEquals(111, j.length);
    assertEquals(-1.0, j[0]);
    assertEquals(-1 + 110 * 0.1, j[110], 0.0);
    assertEquals(-1 + 37 * 0.1, j[37], 0.0);
    assertEquals(1, RateCurve.currents(2, 2, 0.5).length);
    assertEquals(3, RateCurve.currents(0, 1.2, 0.5).length, "0, 0.5, 1.0");
  }

  @Test
  void tableHoldsTheModelsRateAtEachCurrent() {
    LoihiLif m = LoihiLif.standard();
    RateCurve c = RateCurve.of(m, 0.002, 0, 5, 0.25);
    assertEquals("loihi-lif", c.typeName());
    assertEquals(21, c.size());
    for (int i = 0; i < c.size(); i++) {
      assertEquals(m.rate(c.currents()[i], 0.002), c.rates()[i], 0.0);
    }
    assertEquals(0.0, c.rates()[4], "J = 1: threshold");
    assertEquals(m.rate(5, 0.002), c.rates()[20], 0.0);
  }

  @Test
  void rejectsBadRangesAndDt() {
    assertEquals(
        "RateCurve.step must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> RateCurve.currents(0, 1, 0))
            .getMessage());
    assertEquals(
        "RateCurve.to must be >= from (1.0), got 0.0",
        assertThrows(IllegalArgumentException.class, () -> RateCurve.currents(1, 0, 0.1))
            .getMessage());
    assertEquals(
        "RateCurve.points must be at most 10000000, got 100000001",
        assertThrows(IllegalArgumentException.class, () -> RateCurve.currents(0, 1, 1e-8))
            .getMessage());
    assertEquals(
        "RateCurve.dt must be > 0, got -0.001",
        assertThrows(
                IllegalArgumentException.class,
                () -> RateCurve.of(Relu.standard(), -0.001, new double[] {1}))
            .getMessage());
  }
}
