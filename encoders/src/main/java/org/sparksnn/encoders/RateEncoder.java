package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Rate coding, Bernoulli per step (neuroaikit's {@code transform_rate}): input {@code i} of record
 * {@code id} spikes at step {@code t} iff {@code KeyedRandom.uniform(seed, id, t, i) <
 * p·maxSpikes/steps} (computed in double), so it emits {@code p·maxSpikes} spikes on average over
 * all steps. Intensity 0 never spikes.
 *
 * @param steps time steps, &ge; 1
 * @param maxSpikes expected spikes over all steps at {@code p = 1}, in [0, steps] (so that the
 *     per-step probability is at most 1)
 * @param seed seed of the keyed uniform draw
 */
public record RateEncoder(int steps, double maxSpikes, long seed) implements BernoulliEncoder {
  private static final long serialVersionUID = 1L;

  public RateEncoder {
    Checks.positive("rate.steps", steps);
    Checks.nonNegative("rate.maxSpikes", maxSpikes);
    Checks.atMost("rate.maxSpikes", maxSpikes, steps);
  }

  /** The per-step spike probability {@code p·maxSpikes/steps} for intensity {@code p}. */
  @Override
  public double probability(float p) {
    return p * maxSpikes / steps;
  }

  @Override
  public String typeName() {
    return "rate";
  }

  @Override
  public RateEncoder forEpoch(int epoch) {
    return epoch == 0 ? this : new RateEncoder(steps, maxSpikes, KeyedRandom.derive(seed, epoch));
  }

  /** Keeps the per-step probability: {@code maxSpikes·steps/this.steps} over {@code steps}. */
  @Override
  public RateEncoder withSteps(int steps) {
    return steps == this.steps ? this : new RateEncoder(steps, maxSpikes * steps / this.steps, seed);
  }
}
