package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeEncoderTest {
  private static final float[] LEVELS = {0f, 0.1f, 0.25f, 0.5f, 0.9f, 1f};

  /** Total spikes of input i with intensity p over {@code records} images, all steps. */
  private static long count(SpikeEncoder enc, float p, int records) {
    long n = 0;
    for (long id = 0; id < records; id++) {
      for (int t = 0; t < enc.steps(); t++) {
        n += (long) enc.value(id, t, 3, p);
      }
    }
    return n;
  }

  /** Binomial check: |count − N·q| ≤ 5 standard deviations. */
  private static void assertBinomial(long count, long trials, double q, String what) {
    double mean = trials * q;
    double sd = Math.sqrt(trials * q * (1 - q));
    assertTrue(
        Math.abs(count - mean) <= 5 * sd + 1e-9,
        what + ": " + count + " spikes, expected " + mean + " ± " + 5 * sd);
  }

  @Test
  void rateSpikeCountsMatchBernoulliExpectation() {
    RateEncoder enc = new RateEncoder(30, 10, 7);
    int records = 4000;
    for (float p : LEVELS) {
      long n = count(enc, p, records);
      assertBinomial(n, 30L * records, p * 10.0 / 30, "rate p=" + p);
      assertEquals(p * 10.0, enc.expectedSpikes(p), 1e-6);
    }
  }

  @Test
  void poissonSpikeCountsMatchExpectation() {
    PoissonEncoder enc = new PoissonEncoder(50, 200, 0.001, 3);
    int records = 4000;
    for (float p : LEVELS) {
      double q = 1 - Math.exp(-p * 200 * 0.001);
      assertBinomial(count(enc, p, records), 50L * records, q, "poisson p=" + p);
    }
  }

  @Test
  void rateAtFullIntensityAndMaxSpikesEqualStepsSpikesEveryStep() {
    RateEncoder enc = new RateEncoder(20, 20, 1);
    assertEquals(20, count(enc, 1f, 1));
  }

  @Test
  void regularEmitsExactlyRoundedCountEvenlySpaced() {
    RegularEncoder enc = new RegularEncoder(10, 4);
    SpikeTrain t = (SpikeTrain) enc.encode(0, new float[] {1f, 0.5f, 0f, 0.62f});
    // n = 4 over 10 steps: c(t) = floor(((t+1)*4 + 5)/10) -> spikes at t = 1, 3, 6, 8
    boolean[] expected = new boolean[10];
    for (int s : new int[] {1, 3, 6, 8}) {
      expected[s] = true;
    }
    for (int s = 0; s < 10; s++) {
      assertEquals(expected[s], t.get(s, 0), "step " + s);
    }
    assertArrayEquals(new int[] {4, 2, 0, 2}, t.countPerInput(), "rint(0.62*4) = rint(2.48) = 2");
  }

  @Test
  void regularCountIsExactForEveryLevel() {
    RegularEncoder enc = new RegularEncoder(30, 30);
    for (int k = 0; k <= 255; k++) {
      float p = k / 255f;
      SpikeTrain t = (SpikeTrain) enc.encode(0, new float[] {p});
      assertEquals(Math.rint(p * 30), t.totalSpikes(), "p=" + p);
    }
  }

  @Test
  void latencySpikesOnceAtRoundedStepAboveThreshold() {
    LatencyEncoder enc = new LatencyEncoder(11, 0.2);
    SpikeTrain t = (SpikeTrain) enc.encode(0, new float[] {1f, 0.5f, 0.1f, 0.25f, 0f});
    assertArrayEquals(new int[] {1, 1, 0, 1, 0}, t.countPerInput());
    assertTrue(t.get(0, 0), "p = 1 fires at step 0");
    assertTrue(t.get(5, 1), "p = 0.5 fires at rint(0.5*10) = 5");
    assertTrue(t.get(8, 3), "p = 0.25 fires at rint(0.75*10) = rint(7.5) = 8 (half to even)");
  }

  @Test
  void timeTileStoresIntensitiesOnce() {
    float[] p = {0.1f, 0.7f, 1f};
    EncodedInput e = new TimeTileEncoder(100).encode(5, p);
    TiledIntensities t = assertInstanceOf(TiledIntensities.class, e);
    assertEquals(12, t.toBytes().length, "3 float32, not 100 steps of them");
    assertEquals(0.7f, t.value(99, 1));
    assertArrayEquals(p, TiledIntensities.fromBytes(t.toBytes(), 100).values());
  }

  @Test
  void spikesDoNotDependOnEncodingOrder() {
    RateEncoder enc = new RateEncoder(25, 8, 11);
    Random rng = new Random(2);
    List<Long> ids = new ArrayList<>();
    List<float[]> images = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      float[] p = new float[37];
      for (int i = 0; i < p.length; i++) {
        p[i] = rng.nextFloat();
      }
      ids.add(id);
      images.add(p);
    }
    byte[][] inOrder = new byte[50][];
    for (int k = 0; k < 50; k++) {
      inOrder[k] = enc.encode(ids.get(k), images.get(k)).toBytes();
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      order.add(k);
    }
    Collections.shuffle(order, new Random(9));
    for (int k : order) {
      assertArrayEquals(inOrder[k], new RateEncoder(25, 8, 11).encode(ids.get(k), images.get(k)).toBytes());
    }
  }

  @Test
  void fillStepEqualsEncode() {
    PoissonEncoder enc = new PoissonEncoder(12, 300, 0.002, 4);
    float[] p = {0.3f, 1f, 0f, 0.8f, 0.55f};
    EncodedInput all = enc.encode(42, p);
    float[] row = new float[p.length + 2];
    for (int t = 0; t < 12; t++) {
      enc.fillStep(42, p, t, row, 2);
      for (int i = 0; i < p.length; i++) {
        assertEquals(all.value(t, i), row[2 + i], "step " + t + " input " + i);
      }
    }
  }

  @Test
  void epochsRedrawReproducibly() {
    RateEncoder enc = new RateEncoder(30, 15, 5);
    float[] p = new float[200];
    java.util.Arrays.fill(p, 0.5f);
    byte[] e0 = enc.forEpoch(0).encode(1, p).toBytes();
    byte[] e1 = enc.forEpoch(1).encode(1, p).toBytes();
    assertArrayEquals(e0, enc.encode(1, p).toBytes(), "epoch 0 is the encoder itself");
    assertFalse(java.util.Arrays.equals(e0, e1), "epoch 1 redraws");
    assertArrayEquals(e1, enc.forEpoch(1).encode(1, p).toBytes(), "and reproducibly");
    assertNotEquals(enc.forEpoch(1), enc.forEpoch(2));
    assertEquals(new RegularEncoder(5, 2), new RegularEncoder(5, 2).forEpoch(3));
  }

  @Test
  void invalidParametersNameEncoderAndField() {
    assertEquals(
        "rate.maxSpikes must be <= 10.0, got 11.0",
        assertThrows(IllegalArgumentException.class, () -> new RateEncoder(10, 11, 0)).getMessage());
    assertEquals(
        "poisson.dt must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new PoissonEncoder(10, 100, 0, 0)).getMessage());
    assertEquals(
        "latency.threshold must be in [0.0, 1.0], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new LatencyEncoder(10, 1.5)).getMessage());
    assertEquals(
        "time-tile.steps must be > 0, got 0",
        assertThrows(IllegalArgumentException.class, () -> new TimeTileEncoder(0)).getMessage());
  }
}
