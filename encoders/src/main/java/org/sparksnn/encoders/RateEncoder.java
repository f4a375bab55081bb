package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Rate coding, Bernoulli per step (neuroaikit's {@code transform_rate}): input {@code i} spikes at
 * step {@code t} iff {@code u(seed, id, t, i) < p·maxSpikes/steps}; expected {@code p·maxSpikes}
 * spikes over all steps.
 *
 * @param steps time steps, ≥ 1
 * @param maxSpikes expected spikes at {@code p = 1}, in (0, steps]
 * @param seed seed of the keyed uniform draw
 */
public record RateEncoder(int steps, double maxSpikes, long seed) implements SpikeEncoder {
  public RateEncoder {
    Checks.positive("rate.steps", steps);
    Checks.positive("rate.maxSpikes", maxSpikes);
    Checks.atMost("rate.maxSpikes", maxSpikes, steps);
  }

  @Override
  public boolean binary() {
    return true;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    double prob = p * maxSpikes / steps;
    return KeyedRandom.uniform(seed, recordId, step, input) < prob ? 1f : 0f;
  }

  @Override
  public double expectedSpikes(float p) {
    return Math.min(1.0, p * maxSpikes / steps) * steps;
  }

  @Override
  public SpikeEncoder forEpoch(int epoch) {
    return epoch == 0 ? this : new RateEncoder(steps, maxSpikes, KeyedRandom.derive(seed, epoch));
  }
}
