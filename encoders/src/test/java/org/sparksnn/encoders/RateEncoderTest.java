package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.random.KeyedRandom;

class RateEncoderTest {
  @Test
  void spikeCountsAreBernoulliPerIntensityLevel() {
    RateEncoder enc = new RateEncoder(30, 10, 7);
    for (int level : new int[] {0, 1, 26, 64, 128, 230, 255}) {
      float p = level / 255f;
      BinomialAssert.bernoulliTrains(enc, p, p * 10.0 / 30, 100, 784);
      assertEquals(p * 10.0, enc.expectedSpikes(p), 1e-12);
    }
  }

  @Test
  void spikeIsTheKeyedUniformBelowTheProbability() {
    RateEncoder enc = new RateEncoder(8, 4, 99);
    float p = 0.7f;
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 50; i++) {
        boolean expected = KeyedRandom.uniform(99, 12, t, i) < p * 4.0 / 8;
        assertEquals(expected ? 1f : 0f, enc.value(12, t, i, p), "step " + t + " input " + i);
      }
    }
  }

  @Test
  void fullProbabilitySpikesEveryStepAndZeroNever() {
    SpikeTrain full = new RateEncoder(20, 20, 1).encode(3, new float[] {1f, 0f});
    assertEquals(20, full.countPerInput()[0]);
    assertEquals(0, full.countPerInput()[1]);
    assertEquals(0, new RateEncoder(20, 0, 1).encode(3, new float[] {1f}).totalSpikes());
  }
}
