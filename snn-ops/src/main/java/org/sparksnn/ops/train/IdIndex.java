package org.sparksnn.ops.train;

import java.util.Arrays;

/**
 * The position of each sample id in an array of unique ids. A contiguous id range (the usual
 * case: a split's ids are {@code offset, offset + 1, …} in any order) is looked up in O(1) by
 * offset; other id sets by binary search. No boxing, so lookups in a training step's inner loop
 * cost a few nanoseconds.
 */
public final class IdIndex {
  private final long min;
  /** {@code dense[id − min]} is the position of {@code id}, when the ids form a contiguous range. */
  private final int[] dense;
  private final long[] sortedIds;
  private final int[] sortedPositions;

  private IdIndex(long min, int[] dense, long[] sortedIds, int[] sortedPositions) {
    this.min = min;
    this.dense = dense;
    this.sortedIds = sortedIds;
    this.sortedPositions = sortedPositions;
  }

  /**
   * The index of {@code ids}; an {@link IllegalArgumentException} naming {@code what} and the id
   * if an id occurs twice.
   */
  public static IdIndex of(long[] ids, String what) {
    int n = ids.length;
    if (n == 0) {
      return new IdIndex(0, new int[0], null, null);
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long id : ids) {
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
    if (max - min == n - 1 && max - min >= 0) {
      int[] dense = new int[n];
      Arrays.fill(dense, -1);
      for (int i = 0; i < n; i++) {
        int slot = (int) (ids[i] - min);
        if (dense[slot] >= 0) {
          throw duplicate(what, ids[i]);
        }
        dense[slot] = i;
      }
      return new IdIndex(min, dense, null, null);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Long.compare(ids[p], ids[q]));
    long[] sorted = new long[n];
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = ids[order[i]];
      positions[i] = order[i];
      if (i > 0 && sorted[i] == sorted[i - 1]) {
        throw duplicate(what, sorted[i]);
      }
    }
    return new IdIndex(0, null, sorted, positions);
  }

  /** The position of {@code id}, or −1 if it is not one of the ids. */
  public int position(long id) {
    if (dense != null) {
      long slot = id - min;
      return slot >= 0 && slot < dense.length ? dense[(int) slot] : -1;
    }
    int p = Arrays.binarySearch(sortedIds, id);
    return p < 0 ? -1 : sortedPositions[p];
  }

  private static IllegalArgumentException duplicate(String what, long id) {
    return new IllegalArgumentException(what + " must be unique, got " + id + " twice");
  }
}
