package org.sparksnn.encoders;

/**
 * Bernoulli spikes of one record, step by step: input {@code i} spikes at step {@code t} iff
 * {@code KeyedRandom.uniform(seed, id, t, i) < q[i]}; inputs with {@code q[i] <= 0} stay silent and
 * cost nothing. The rate and Poisson encoders' trains ({@link SpikeTrain#bernoulli}) are built from
 * it.
 */
final class BernoulliSteps implements StepSpikes {
  private final long seed;
  private final long id;
  private final int steps;
  /** Inputs with a positive probability, ascending, and their thresholds. */
  private final int[] active;
  private final long[] threshold;
  private final int count;

  BernoulliSteps(long seed, long id, int steps, double[] q) {
    this.seed = seed;
    this.id = id;
    this.steps = steps;
    this.active = new int[q.length];
    this.threshold = new long[q.length];
    int m = 0;
    for (int i = 0; i < q.length; i++) {
      if (q[i] > 0) {
        threshold[m] = KeyedRows.threshold(q[i]);
        active[m++] = i;
      }
    }
    this.count = m;
  }

  @Override
  public int spikes(int step, int[] out) {
    EncoderChecks.step("bernoulli", step, steps);
    long row = KeyedRows.rowKey(seed, id, step);
    int k = 0;
    for (int j = 0; j < count; j++) {
      int i = active[j];
      out[k] = i;
      k += KeyedRows.below(row, i, threshold[j]);
    }
    return k;
  }
}
