package org.sparksnn.ops.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * The fixed order of training: which sample ids form the global batch of each step, and how a
 * global batch splits into micro-batches. A pure function of (ids as a set, seed, epoch, sizes), so
 * every replica and every partitioning computes the same plan.
 */
public final class BatchPlan {
  private BatchPlan() {}

  /**
   * The global batches of {@code epoch}: the ids sorted ascending, shuffled by a Fisher–Yates
   * permutation keyed by (seed, epoch), cut into consecutive batches of {@code batchSize} (the last
   * one may be smaller).
   */
  public static List<long[]> globalBatches(long[] ids, long seed, int epoch, int batchSize) {
    Checks.positive("BatchPlan.batchSize", batchSize);
    long[] order = ids.clone();
    Arrays.sort(order);
    for (int i = order.length - 1; i > 0; i--) {
      int j = (int) (KeyedRandom.uniform(seed, epoch, i, 0xBA7C) * (i + 1));
      long tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    List<long[]> batches = new ArrayList<>();
    for (int start = 0; start < order.length; start += batchSize) {
      batches.add(Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize)));
    }
    return batches;
  }

  /** Consecutive micro-batches of {@code microBatchSize} ids (the last may be smaller). */
  public static List<long[]> microBatches(long[] globalBatch, int microBatchSize) {
    Checks.positive("BatchPlan.microBatchSize", microBatchSize);
    List<long[]> parts = new ArrayList<>();
    for (int start = 0; start < globalBatch.length; start += microBatchSize) {
      parts.add(
          Arrays.copyOfRange(
              globalBatch, start, Math.min(globalBatch.length, start + microBatchSize)));
    }
    return parts;
  }
}
