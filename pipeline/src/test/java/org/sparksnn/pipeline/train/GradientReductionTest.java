package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.train.MicroBatchGradient;

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

  private static MicroBatchGradient reduce(
      GradientReduction r, List<MicroBatchGradient> all, int replicas) {
    byte[][] payloads = new byte[replicas][];
    for (int rank = 0; rank < replicas; rank++) {
      List<MicroBatchGradient> mine = new ArrayList<>();
      for (int m = rank; m < all.size(); m += replicas) {
        mine.add(all.get(m));
      }
      payloads[rank] = r.encode(mine, P);
      assertEquals(
          r.payloadBytes(StepPlan.ownedCount(all.size(), rank, replicas), P),
          payloads[rank].length);
    }
    return r.combine(payloads, P, 0);
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
