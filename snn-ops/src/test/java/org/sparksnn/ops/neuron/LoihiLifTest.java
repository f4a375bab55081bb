package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoihiLifTest {
  private static final double DT = 0.001;

  @Test
  void rejectsInvalidParametersNamingTypeAndField() {
    assertEquals(
        "loihi-lif.tauRef must be >= 0, got -0.002",
        assertThrows(IllegalArgumentException.class, () -> new LoihiLif(0.02, -0.002, 1, 0.01))
            .getMessage());
  }

  @Test
  void timeConstantsAreThoseTheChipRepresents() {
    LoihiLif n = LoihiLif.standard();
    assertEquals(0.002, n.discretizedTauRef(DT), 1e-18);
    assertEquals(0.002, new LoihiLif(0.02, 0.0024, 1, 0).discretizedTauRef(DT), 1e-18);
    assertEquals(0.002, new LoihiLif(0.02, 0.0025, 1, 0).discretizedTauRef(DT), 1e-18, "half-even");
    assertEquals(0.004, new LoihiLif(0.02, 0.0035, 1, 0).discretizedTauRef(DT), 1e-18, "half-even");
    // 1 − exp(−0.05) = 0.04877…, ×4095 = 199.72 → 200: the decay per step becomes 200/4095
    double tauRc = n.discretizedTauRc(DT);
    assertEquals(200.0 / 4095, -Math.expm1(-DT / tauRc), 1e-15);
    assertTrue(Math.abs(tauRc - 0.02) < 1e-4 && tauRc != 0.02, "tauRc' = " + tauRc);
  }

  @Test
  void rateIsTheWholeStepPeriodFormula() {
    LoihiLif n = new LoihiLif(0.02, 0.002, 0.5, 0.01);
    double tauRc = n.discretizedTauRc(DT);
    assertEquals(0.0, n.rate(1.0, DT));
    double period = 0.002 + tauRc * Math.log1p(1 / 2.0);
    assertEquals((0.5 / DT) / Math.ceil(period / DT), n.rate(3, DT), 0.0);
  }

  /**
   * With constant J the spike train is periodic with exactly {@code ceil(period/dt)} steps: {@code
   * tauRef'/dt} refractory steps plus the whole steps the voltage needs to pass 1 (no sub-step
   * interpolation). After a spike the refractory time is exactly {@code tauRef' + dt}.
   */
  @Test
  void stepFiresWithAWholeStepPeriodAndResetsRefractoryTimeExactly() {
    LoihiLif n = LoihiLif.standard();
    double j = 3.0;
    NeuronState s = n.newState(new long[] {0}, 1, InitialVoltage.zero());
    double[] out = new double[1];
    List<Integer> spikeSteps = new ArrayList<>();
    for (int t = 0; t < 400; t++) {
      n.step(DT, new double[] {j}, out, s);
      if (out[0] != 0) {
        assertEquals(1000.0, out[0], 0.0);
        assertEquals(0.0, s.voltage[0], 0.0);
        assertEquals(0.002 + DT, s.refractoryTime[0], 0.0, "no t_spike added");
        spikeSteps.add(t);
      }
    }
    double period = 0.002 + n.discretizedTauRc(DT) * Math.log1p(1 / (j - 1));
    int stepsPerSpike = (int) Math.ceil(period / DT);
    assertTrue(spikeSteps.size() > 10, "spikes: " + spikeSteps);
    assertEquals(stepsPerSpike - 2 - 1, spikeSteps.get(0), "first spike: no refractory before it");
    for (int k = 1; k < spikeSteps.size(); k++) {
      assertEquals(stepsPerSpike, spikeSteps.get(k) - spikeSteps.get(k - 1), "interval " + k);
    }
  }

  @Test
  void longRunRateMatchesFormula() {
    NeuronAssertions.assertLongRunRateMatchesFormula(
        LoihiLif.standard(), DT, 10, 0.5, 1.0, 1.05, 1.5, 3, 8, 25);
    NeuronAssertions.assertLongRunRateMatchesFormula(
        new LoihiLif(0.01, 0.003, 2, 0.01), 0.002, 10, 1.3, 6);
  }

  @Test
  void rateDerivativeIsTheSoftLifDerivativeWithDiscretizedTimeConstants() {
    LoihiLif n = new LoihiLif(0.02, 0.0024, 1, 0.05);
    double tauRc = n.discretizedTauRc(DT);
    double tauRef = n.discretizedTauRef(DT);
    NeuronAssertions.assertDerivativeMatchesFiniteDifference(
        "loihi-lif",
        j -> LifMath.softRate(j, tauRc, tauRef, 1, 0.05),
        j -> n.rateDerivative(j, DT),
        0.9,
        1.0,
        1.1,
        2.5,
        15);
  }

  @Test
  void floatStepAgreesWithDoubleStep() {
    NeuronAssertions.assertFloatStepAgreesWithDoubleStep(LoihiLif.standard(), DT, 500);
  }
}
