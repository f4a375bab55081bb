package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every {@link SpikeEncoder} keeps, checked for each implementation. */
class SpikeEncoderTest {
  static Stream<SpikeEncoder> encoders() {
    return Stream.of(
        new TimeTileEncoder(7),
        new RateEncoder(30, 10, 7),
        new RateEncoder(5, 5, -3),
        new PoissonEncoder(25, 400, 0.002, 3),
        new RegularEncoder(30, 10),
        new RegularEncoder(9, 9),
        new LatencyEncoder(20, 0.1),
        new LatencyEncoder(1, 0));
  }

  /** Quantized pixel intensities plus the edges 0 and 1. */
  static float[] image(int n, long seed) {
    Random rng = new Random(seed);
    float[] p = new float[n];
    for (int i = 0; i < n; i++) {
      p[i] = rng.nextInt(256) / 255f;
    }
    p[0] = 0f;
    p[n - 1] = 1f;
    return p;
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void encodeFillStepAndValueAgree(SpikeEncoder enc) {
    for (long id : new long[] {0, 1, 123_456_789_012L, -5}) {
      float[] p = image(97, id);
      EncodedInput all = enc.encode(id, p);
      assertEquals(enc.steps(), all.steps());
      assertEquals(p.length, all.inputs());
      float[] row = new float[p.length + 5];
      float[] stored = new float[p.length];
      for (int t = enc.steps() - 1; t >= 0; t--) {
        enc.fillStep(id, p, t, row, 5);
        all.fillStep(t, stored, 0);
        assertArrayEquals(stored, Arrays.copyOfRange(row, 5, row.length), "step " + t);
        for (int i = 0; i < p.length; i++) {
          assertEquals(all.value(t, i), enc.value(id, t, i, p[i]), "step " + t + " input " + i);
          if (enc.binary()) {
            assertTrue(row[5 + i] == 0f || row[5 + i] == 1f);
          } else {
            assertEquals(p[i], row[5 + i]);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void stepSpikesListExactlyTheInputsWhoseValueIsOne(SpikeEncoder enc) {
    assumeTrue(enc.binary(), "time-tile has no spikes");
    for (long id : new long[] {0, 1, 123_456_789_012L, -5}) {
      float[] p = image(97, id);
      StepSpikes steps = enc.stepSpikes(id, p);
      int[] out = new int[p.length];
      for (int t = enc.steps() - 1; t >= 0; t--) { // any order
        int m = steps.spikes(t, out);
        int[] expected = new int[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
          if (enc.value(id, t, i, p[i]) == 1f) {
            expected[n++] = i;
          }
        }
        assertArrayEquals(Arrays.copyOf(expected, n), Arrays.copyOf(out, m), "step " + t);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void spikesDoNotDependOnEncodingOrderOrInstance(SpikeEncoder enc) throws Exception {
    int records = 40;
    float[][] images = new float[records][];
    byte[][] inOrder = new byte[records][];
    for (int k = 0; k < records; k++) {
      images[k] = image(50, 1000 + k);
      inOrder[k] = enc.encode(k, images[k]).toBytes();
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < records; k++) {
      order.add(k);
    }
    Collections.shuffle(order, new Random(9));
    SpikeEncoder copy = deserialize(serialize(enc));
    assertEquals(enc, copy);
    for (int k : order) {
      assertArrayEquals(inOrder[k], copy.encode(k, images[k]).toBytes(), "record " + k);
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void binaryEncodersRejectIntensitiesOutsideUnitRange(SpikeEncoder enc) {
    float[] p = {0.5f, 1.01f};
    if (!enc.binary()) {
      assertEquals(1.01f, enc.encode(0, p).value(0, 1), "time-tile passes values through");
      return;
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> enc.encode(0, p));
    assertTrue(
        e.getMessage().endsWith(".intensities[1] must be in [0, 1], got 1.01"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> enc.fillStep(0, p, 0, new float[2], 0));
    assertThrows(IllegalArgumentException.class, () -> enc.value(0, 0, 0, Float.NaN));
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void rejectsStepsOutsideTheTrainAndShortOutputRows(SpikeEncoder enc) {
    float[] p = {0.5f, 1f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> enc.fillStep(0, p, enc.steps(), new float[2], 0));
    assertTrue(
        e.getMessage()
            .endsWith(".step must be in [0, " + (enc.steps() - 1) + "], got " + enc.steps()),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> enc.value(0, -1, 0, 0.5f));
    assertThrows(IllegalArgumentException.class, () -> enc.fillStep(0, p, 0, new float[3], 2));
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void expectedSpikesMatchTheMeanOverManyRecords(SpikeEncoder enc) {
    if (!enc.binary()) {
      return;
    }
    float p = 0.6f;
    float[] image = new float[200];
    Arrays.fill(image, p);
    long spikes = 0;
    int records = 50;
    for (int id = 0; id < records; id++) {
      spikes += ((SpikeTrain) enc.encode(id, image)).totalSpikes();
    }
    double mean = (double) spikes / (records * image.length);
    double q = enc.expectedSpikes(p) / enc.steps();
    double sd = Math.sqrt(enc.steps() * q * (1 - q) / (records * image.length));
    assertEquals(enc.expectedSpikes(p), mean, 5 * sd + 1e-12);
  }

  @Test
  void stochasticEncodersRedrawPerEpochReproducibly() {
    float[] p = new float[300];
    Arrays.fill(p, 0.5f);
    for (SpikeEncoder enc :
        List.of(new RateEncoder(30, 15, 5), new PoissonEncoder(30, 500, 0.001, 5))) {
      byte[] e0 = enc.forEpoch(0).encode(1, p).toBytes();
      byte[] e1 = enc.forEpoch(1).encode(1, p).toBytes();
      byte[] e2 = enc.forEpoch(2).encode(1, p).toBytes();
      assertSame(enc, enc.forEpoch(0), "epoch 0 is the encoder itself");
      assertFalse(Arrays.equals(e0, e1), "epoch 1 redraws");
      assertFalse(Arrays.equals(e1, e2), "epoch 2 redraws again");
      assertArrayEquals(e1, enc.forEpoch(1).encode(1, p).toBytes(), "reproducibly");
      assertNotEquals(enc.forEpoch(1), enc.forEpoch(2));
    }
    assertEquals(
        new RateEncoder(30, 15, org.sparksnn.ops.random.KeyedRandom.derive(5, 3)),
        new RateEncoder(30, 15, 5).forEpoch(3));
    for (SpikeEncoder det :
        List.of(new RegularEncoder(5, 2), new LatencyEncoder(5, 0.2), new TimeTileEncoder(5))) {
      assertSame(det, det.forEpoch(3));
    }
  }

  @Test
  void invalidParametersNameEncoderAndField() {
    assertEquals(
        "rate.maxSpikes must be <= 10.0, got 11.0", paramError(() -> new RateEncoder(10, 11, 0)));
    assertEquals("rate.steps must be > 0, got 0", paramError(() -> new RateEncoder(0, 0, 0)));
    assertEquals(
        "rate.maxSpikes must be >= 0, got -1.0", paramError(() -> new RateEncoder(5, -1, 0)));
    assertEquals(
        "poisson.dt must be > 0, got 0.0", paramError(() -> new PoissonEncoder(10, 100, 0, 0)));
    assertEquals(
        "poisson.maxRateHz must be >= 0, got -1.0",
        paramError(() -> new PoissonEncoder(10, -1, 0.001, 0)));
    assertEquals(
        "poisson.maxRateHz must be finite, got Infinity",
        paramError(() -> new PoissonEncoder(10, Double.POSITIVE_INFINITY, 0.001, 0)));
    assertEquals(
        "regular.maxSpikes must be <= 4.0, got 4.5", paramError(() -> new RegularEncoder(4, 4.5)));
    assertEquals(
        "latency.threshold must be in [0.0, 1.0], got 1.5",
        paramError(() -> new LatencyEncoder(10, 1.5)));
    assertEquals("time-tile.steps must be > 0, got 0", paramError(() -> new TimeTileEncoder(0)));
  }

  private static String paramError(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.toByteArray();
  }

  private static SpikeEncoder deserialize(byte[] b) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return (SpikeEncoder) in.readObject();
    }
  }

  @ParameterizedTest
  @MethodSource("encoders")
  void withItsOwnStepsAnEncoderIsItselfAndWithOthersItKeepsItsKind(SpikeEncoder e) {
    assertSame(e, e.withSteps(e.steps()));
    SpikeEncoder longer = e.withSteps(3 * e.steps());
    assertEquals(3 * e.steps(), longer.steps());
    assertEquals(e.getClass(), longer.getClass());
    assertEquals(e.binary(), longer.binary());
    // three times the steps: three times the spikes (latency: still one spike)
    for (float p : new float[] {0f, 0.3f, 0.5f, 1f}) {
      double expected =
          e instanceof LatencyEncoder ? e.expectedSpikes(p) : 3 * e.expectedSpikes(p);
      double tolerance = e instanceof RegularEncoder ? 2 : 1e-9 * (1 + expected); // rint: 3·0.5 + 0.5
      assertEquals(expected, longer.expectedSpikes(p), tolerance, e + " at p = " + p);
    }
  }

  @Test
  void atOtherStepsTheStochasticEncodersKeepTheirSpikeProbabilityPerStep() {
    RateEncoder rate = new RateEncoder(10, 8, 1);
    RateEncoder rate30 = rate.withSteps(30);
    assertEquals(24.0, rate30.maxSpikes(), 0);
    assertEquals(rate.probability(0.5f), rate30.probability(0.5f), 1e-15);
    // the first steps draw the same spikes: the draws are keyed by (seed, id, step, input)
    for (int step = 0; step < 10; step++) {
      for (int i = 0; i < 50; i++) {
        float p = i / 49f;
        assertEquals(rate.value(7, step, i, p), rate30.value(7, step, i, p), step + "/" + i);
      }
    }
    PoissonEncoder poisson = new PoissonEncoder(20, 200, 0.001, 4);
    assertEquals(new PoissonEncoder(50, 200, 0.001, 4), poisson.withSteps(50));
    assertEquals(new RegularEncoder(30, 15), new RegularEncoder(10, 5).withSteps(30));
    assertEquals(new LatencyEncoder(40, 0.2), new LatencyEncoder(20, 0.2).withSteps(40));
    assertEquals(new TimeTileEncoder(5), new TimeTileEncoder(12).withSteps(5));
  }
}
