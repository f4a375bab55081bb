package org.sparksnn.ops.net;

import org.sparksnn.ops.random.KeyedRandom;

/** Seeded test inputs. */
final class Fixtures {
  private Fixtures() {}

  /** Uniform values in [lo, hi) keyed by (seed, sample, index). */
  static float[][] uniform(long seed, int samples, int size, double lo, double hi) {
    float[][] x = new float[samples][size];
    for (int s = 0; s < samples; s++) {
      for (int i = 0; i < size; i++) {
        x[s][i] = (float) (lo + (hi - lo) * KeyedRandom.uniform(seed, s, i, 7));
      }
    }
    return x;
  }

  static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return ids;
  }

  static TimeTiledInput tiled(float[][] x) {
    return new TimeTiledInput(x[0].length, id -> x[(int) id]);
  }

  /** The same values as {@link #tiled} but delivered step by step (not time-invariant). */
  static InputSource perStep(float[][] x) {
    return new InputSource() {
      @Override
      public int size() {
        return x[0].length;
      }

      @Override
      public boolean timeInvariant() {
        return false;
      }

      @Override
      public void fill(long[] sampleIds, int step, float[] out) {
        for (int b = 0; b < sampleIds.length; b++) {
          System.arraycopy(x[(int) sampleIds[b]], 0, out, b * x[0].length, x[0].length);
        }
      }
    };
  }
}
