package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Regular coding: {@code n = rint(p·maxSpikes)} deterministic, evenly spaced spikes. With {@code
 * c(t) = floor(((t + 1)·n + floor(steps/2)) / steps)} spikes emitted in steps {@code 0..t}, input
 * spikes at step {@code t} iff {@code c(t) > c(t − 1)} — at most one spike per step, exactly
 * {@code n} in all, the k-th (k = 1..n) at the first step where {@code (t + 1)·n/steps} rounds to
 * k.
 *
 * @param steps time steps, ≥ 1
 * @param maxSpikes spikes at {@code p = 1}, in (0, steps]
 */
public record RegularEncoder(int steps, double maxSpikes) implements SpikeEncoder {
  public RegularEncoder {
    Checks.positive("regular.steps", steps);
    Checks.positive("regular.maxSpikes", maxSpikes);
    Checks.atMost("regular.maxSpikes", maxSpikes, steps);
  }

  @Override
  public boolean binary() {
    return true;
  }

  /** The number of spikes for intensity {@code p}: {@code rint(p·maxSpikes)}. */
  public long spikeCount(float p) {
    return (long) Math.rint(p * maxSpikes);
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    long n = spikeCount(p);
    return cumulative(step, n) > cumulative(step - 1, n) ? 1f : 0f;
  }

  private long cumulative(int t, long n) {
    return ((t + 1L) * n + steps / 2) / steps;
  }

  @Override
  public double expectedSpikes(float p) {
    return spikeCount(p);
  }

  @Override
  public SpikeEncoder forEpoch(int epoch) {
    return this;
  }
}
