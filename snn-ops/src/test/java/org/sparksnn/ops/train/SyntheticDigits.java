package org.sparksnn.ops.train;

import org.sparksnn.ops.random.KeyedRandom;

/**
 * A seeded 10-class 28×28 dataset: class c lights a 7×7 block at a class-specific position
 * (intensity 0.6–1.0) over uniform background noise in [0, 0.3).
 */
final class SyntheticDigits {
  private SyntheticDigits() {}

  static Dataset make(long seed, long firstId, int n) {
    long[] ids = new long[n];
    float[][] x = new float[n][784];
    int[] labels = new int[n];
    for (int s = 0; s < n; s++) {
      long id = firstId + s;
      ids[s] = id;
      int c = (int) (KeyedRandom.uniform(seed, id, 0, 1) * 10);
      labels[s] = c;
      int by = (c / 4) * 9 + 1;
      int bx = (c % 4) * 7;
      for (int y = 0; y < 28; y++) {
        for (int xx = 0; xx < 28; xx++) {
          double v = 0.3 * KeyedRandom.uniform(seed, id, y * 28 + xx, 2);
          if (y >= by && y < by + 7 && xx >= bx && xx < bx + 7) {
            v = 0.6 + 0.4 * KeyedRandom.uniform(seed, id, y * 28 + xx, 3);
          }
          x[s][y * 28 + xx] = (float) v;
        }
      }
    }
    return Dataset.timeTiled(ids, x, labels);
  }
}
