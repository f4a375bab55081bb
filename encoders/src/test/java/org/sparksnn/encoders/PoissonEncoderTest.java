package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.random.KeyedRandom;

class PoissonEncoderTest {
  @Test
  void spikeCountsMatchOneMinusExpPerIntensityLevel() {
    PoissonEncoder enc = new PoissonEncoder(40, 200, 0.001, 3);
    for (int level : new int[] {0, 1, 51, 128, 200, 255}) {
      float p = level / 255f;
      double q = 1 - Math.exp(-(double) p * 200 * 0.001);
      BinomialAssert.bernoulliTrains(enc, p, q, 100, 500);
      assertEquals(q * 40, enc.expectedSpikes(p), 1e-12 * q * 40);
    }
  }

  @Test
  void highRatesSaturateBelowOneSpikePerStep() {
    PoissonEncoder enc = new PoissonEncoder(50, 5000, 0.001, 11);
    double q = -Math.expm1(-5.0);
    assertEquals(0.993262053, q, 1e-9);
    BinomialAssert.bernoulliTrains(enc, 1f, q, 40, 300);
  }

  @Test
  void spikeIsTheKeyedUniformBelowTheProbability() {
    PoissonEncoder enc = new PoissonEncoder(6, 300, 0.002, -4);
    float p = 0.4f;
    double q = -Math.expm1(-(p * 300.0) * 0.002);
    for (int t = 0; t < 6; t++) {
      for (int i = 0; i < 60; i++) {
        boolean expected = KeyedRandom.uniform(-4, 77, t, i) < q;
        assertEquals(expected ? 1f : 0f, enc.value(77, t, i, p));
      }
    }
  }
}
