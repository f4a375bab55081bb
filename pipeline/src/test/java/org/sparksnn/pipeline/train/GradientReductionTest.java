package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.pipeline.train.allreduce.InProcessMesh;
import org.sparksnn.pipeline.train.allreduce.LongReducer;
import org.sparksnn.pipeline.train.allreduce.Mesh;
import org.sparksnn.pipeline.train.allreduce.MeshConfig;

class GradientReductionTest {
  private static final int P = 50;

  private static List<MicroBatchGradient> micro(int count, long seed) {
    Random rnd = new Random(seed);
    List<MicroBatchGradient> out = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      float[] g = new float[P];
      for (int k = 0; k < P; k++) {
        g[k] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3));
      }
      out.add(new MicroBatchGradient(g, rnd.nextDouble() * 10, rnd.nextDouble(), m % 3, 4));
    }
    return out;
  }

  /** Every replica's payload of one step, written as ReplicaLoop writes them. */
  private static byte[][] payloads(
      GradientReduction r, List<MicroBatchGradient> all, int replicas) {
    byte[][] payloads = new byte[replicas][];
    for (int rank = 0; rank < replicas; rank++) {
      GradientReduction.PayloadWriter w =
          r.writer(StepPlan.ownedCount(all.size(), rank, replicas), P, rank, null);
      for (int m = rank; m < all.size(); m += replicas) {
        w.add(all.get(m));
      }
      payloads[rank] = w.bytes();
      assertEquals(
          r.payloadBytes(StepPlan.ownedCount(all.size(), rank, replicas), P),
          payloads[rank].length);
    }
    return payloads;
  }

  private static MicroBatchGradient reduce(
      GradientReduction r, List<MicroBatchGradient> all, int replicas) {
    return r.combine(payloads(r, all, replicas), P, 0, new GradientReduction.Scratch());
  }

  @Test
  void aWriterReadsEachGradientWhenItIsAdded() {
    for (GradientReduction r : GradientReduction.values()) {
      List<MicroBatchGradient> all = micro(3, 6);
      byte[] expected = payloads(r, all, 1)[0];
      // one array reused for every micro-batch, as a replica reuses its flat gradient
      float[] shared = new float[P];
      GradientReduction.PayloadWriter w = r.writer(all.size(), P, 0, null);
      for (MicroBatchGradient g : all) {
        System.arraycopy(g.gradient(), 0, shared, 0, P);
        w.add(
            new MicroBatchGradient(
                shared, g.loss(), g.regularizationLoss(), g.correct(), g.count()));
        java.util.Arrays.fill(shared, Float.NaN);
      }
      assertArrayEquals(expected, w.bytes(), r.name());
    }
  }

  @Test
  void aWriterFillsEveryByteOfAReusedArray() {
    for (GradientReduction r : GradientReduction.values()) {
      List<MicroBatchGradient> all = micro(3, 9);
      byte[] expected = payloads(r, all, 1)[0];
      byte[] reused = new byte[expected.length];
      java.util.Arrays.fill(reused, (byte) 0x5A);
      GradientReduction.PayloadWriter w = r.writer(all.size(), P, 0, reused);
      all.forEach(w::add);
      byte[] written = w.bytes();
      assertSame(reused, written, r.name());
      assertArrayEquals(expected, written, r.name());
      // an array of another length is not used
      GradientReduction.PayloadWriter other = r.writer(all.size(), P, 0, new byte[3]);
      all.forEach(other::add);
      assertArrayEquals(expected, other.bytes(), r.name());
    }
  }

  @Test
  void aReusedScratchGivesEachStepItsOwnSum() {
    for (GradientReduction r : GradientReduction.values()) {
      List<MicroBatchGradient> a = micro(4, 7);
      List<MicroBatchGradient> b = micro(4, 8);
      GradientReduction.Scratch scratch = new GradientReduction.Scratch();
      float[] first = r.combine(payloads(r, a, 2), P, 0, scratch).gradient().clone();
      MicroBatchGradient second = r.combine(payloads(r, b, 2), P, 1, scratch);
      assertArrayEquals(reduce(r, a, 2).gradient(), first, r.name());
      assertArrayEquals(reduce(r, b, 2).gradient(), second.gradient(), r.name());
      assertEquals(reduce(r, b, 2).count(), second.count(), r.name());
    }
  }

  @Test
  void everyReductionGivesTheSameBitsForOneToFiveReplicas() {
    List<MicroBatchGradient> all = micro(7, 3);
    for (GradientReduction r : GradientReduction.values()) {
      MicroBatchGradient one = reduce(r, all, 1);
      for (int n = 2; n <= 5; n++) {
        MicroBatchGradient g = reduce(r, all, n);
        assertArrayEquals(one.gradient(), g.gradient(), r + " n=" + n);
        assertEquals(one.loss(), g.loss());
        assertEquals(one.correct(), g.correct());
        assertEquals(28, g.count());
      }
    }
  }

  @Test
  void orderedFloatEqualsTheFloatSumInMicroBatchOrder() {
    List<MicroBatchGradient> all = micro(6, 4);
    MicroBatchGradient expected = MicroBatchGradient.sum(all);
    for (int n = 1; n <= 4; n++) {
      MicroBatchGradient got = reduce(GradientReduction.ORDERED_FLOAT, all, n);
      assertArrayEquals(expected.gradient(), got.gradient(), "n=" + n);
      assertEquals(expected.loss(), got.loss(), "n=" + n);
      assertEquals(expected.regularizationLoss(), got.regularizationLoss(), "n=" + n);
      assertEquals(expected.correct(), got.correct(), "n=" + n);
      assertEquals(expected.count(), got.count(), "n=" + n);
    }
  }

  @Test
  void fixedPointReportsANonFiniteMicroBatchOnEveryReplica() {
    List<MicroBatchGradient> all = micro(4, 5);
    all.get(3).gradient()[7] = Float.POSITIVE_INFINITY;
    SimulationException e =
        assertThrows(
            SimulationException.class, () -> reduce(GradientReduction.FIXED_POINT, all, 2));
    assertTrue(e.getMessage().contains("replica(s) [1]"), e.getMessage());
  }

  /** {@code mesh}, reporting {@code ring} from {@link Mesh#usesRing}. */
  private static Mesh reportingRing(Mesh mesh, boolean ring) {
    return new Mesh() {
      @Override
      public int rank() {
        return mesh.rank();
      }

      @Override
      public int size() {
        return mesh.size();
      }

      @Override
      public byte[][] allGather(byte[] mine, int[] expectedLengths) {
        return mesh.allGather(mine, expectedLengths);
      }

      @Override
      public boolean usesRing() {
        return ring;
      }

      @Override
      public String description() {
        return ring ? "ring" : mesh.description();
      }

      @Override
      public void close() {
        mesh.close();
      }
    };
  }

  @ParameterizedTest(name = "ring {0}")
  @ValueSource(booleans = {false, true})
  void fixedPointExchangeReducesOnARingMeshGathersOtherwiseAndGivesTheSameBits(boolean ring)
      throws Exception {
    List<MicroBatchGradient> all = micro(7, 8);
    MicroBatchGradient gathered = reduce(GradientReduction.FIXED_POINT, all, 3);
    byte[][] payloads = payloads(GradientReduction.FIXED_POINT, all, 3);
    int[] lengths = ReplicaLoop.payloadLengths(GradientReduction.FIXED_POINT, 7, 3, P);
    MeshConfig cfg = MeshConfig.generate(5_000, 5_000);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<MicroBatchGradient>> out = new ArrayList<>();
      for (int rank = 0; rank < 3; rank++) {
        int r = rank;
        out.add(
            pool.submit(
                () -> {
                  try (Mesh mesh = reportingRing(InProcessMesh.join(cfg, r, 3), ring)) {
                    GradientReduction.Scratch scratch = new GradientReduction.Scratch();
                    byte[][] exchanged =
                        GradientReduction.FIXED_POINT.exchange(mesh, payloads[r], lengths, scratch);
                    assertEquals(ring ? 1 : 3, exchanged.length, "payloads after the exchange");
                    return GradientReduction.FIXED_POINT.combine(exchanged, P, 0, scratch);
                  }
                }));
      }
      for (Future<MicroBatchGradient> f : out) {
        MicroBatchGradient g = f.get(20, TimeUnit.SECONDS);
        assertArrayEquals(gathered.gradient(), g.gradient());
        assertEquals(gathered.loss(), g.loss());
        assertEquals(gathered.regularizationLoss(), g.regularizationLoss());
        assertEquals(gathered.correct(), g.correct());
        assertEquals(gathered.count(), g.count());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fixedPointSumMarksAnOverflowWhicheverOrderItAddsIn() {
    int len = P + 5;
    long big = 3L << 61; // 1.5 * 2^62: two of them leave the range
    long[][] parts = new long[3][len];
    for (long[] part : parts) {
      part[4] = big;
      part[P + 3] = 2; // count
    }
    LongReducer op = GradientReduction.fixedPointSum(P);
    for (int[] order : new int[][] {{0, 1, 2}, {2, 0, 1}}) {
      long[] acc = parts[order[0]].clone();
      op.reduce(acc, parts[order[1]], 0, len);
      op.reduce(acc, parts[order[2]], 0, len);
      assertEquals(GradientReduction.OVERFLOW, acc[4], "element 4 marked");
      assertEquals(0, acc[5], "its neighbour untouched");
      assertEquals(6, acc[P + 3], "counts summed");
      byte[] payload = new byte[len * Long.BYTES];
      java.nio.ByteBuffer.wrap(payload)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .put(acc);
      SimulationException e =
          assertThrows(
              SimulationException.class,
              () ->
                  GradientReduction.FIXED_POINT.combine(
                      new byte[][] {payload}, P, 9, new GradientReduction.Scratch()));
      assertTrue(
          e.getMessage().contains("step 9") && e.getMessage().contains("element 4 overflows"),
          e.getMessage());
    }
  }

  @Test
  void fixedPointFailureBitsOfEveryReplicaSurviveTheReduction() {
    List<MicroBatchGradient> all = micro(6, 9);
    all.get(0).gradient()[1] = Float.NaN; // replica 0 of 3
    all.get(5).gradient()[2] = Float.NaN; // replica 2 of 3
    SimulationException e =
        assertThrows(
            SimulationException.class, () -> reduce(GradientReduction.FIXED_POINT, all, 3));
    assertTrue(e.getMessage().contains("replica(s) [0, 2]"), e.getMessage());
  }

  @Test
  void ownedCountsAddUpToTheMicroBatches() {
    for (int m = 0; m < 12; m++) {
      for (int n = 1; n <= 5; n++) {
        int total = 0;
        for (int r = 0; r < n; r++) {
          int owned = 0;
          for (int i = 0; i < m; i++) {
            owned += StepPlan.owner(i, n) == r ? 1 : 0;
          }
          assertEquals(owned, StepPlan.ownedCount(m, r, n));
          total += owned;
        }
        assertEquals(m, total);
      }
    }
  }
}
