package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Poisson coding: input {@code i} of record {@code id} spikes at step {@code t} iff {@code
 * KeyedRandom.uniform(seed, id, t, i) < 1 − exp(−p·maxRateHz·dt)} (computed in double as {@code
 * -expm1(-(p·maxRateHz)·dt)}), the probability that a Poisson process of rate {@code p·maxRateHz}
 * fires at least once in {@code dt}. At most one spike per step. Intensity 0 never spikes.
 *
 * @param steps time steps, &ge; 1
 * @param maxRateHz rate at {@code p = 1}, Hz, finite, &ge; 0
 * @param dt time step, s, finite, &gt; 0
 * @param seed seed of the keyed uniform draw
 */
public record PoissonEncoder(int steps, double maxRateHz, double dt, long seed)
    implements BernoulliEncoder {
  private static final long serialVersionUID = 1L;

  public PoissonEncoder {
    Checks.positive("poisson.steps", steps);
    Checks.nonNegative("poisson.maxRateHz", maxRateHz);
    Checks.finite("poisson.maxRateHz", maxRateHz);
    Checks.positive("poisson.dt", dt);
    Checks.finite("poisson.dt", dt);
  }

  /** The per-step spike probability {@code 1 − exp(−p·maxRateHz·dt)} for intensity {@code p}. */
  @Override
  public double probability(float p) {
    return -Math.expm1(-(p * maxRateHz) * dt);
  }

  @Override
  public String typeName() {
    return "poisson";
  }

  @Override
  public PoissonEncoder forEpoch(int epoch) {
    return epoch == 0
        ? this
        : new PoissonEncoder(steps, maxRateHz, dt, KeyedRandom.derive(seed, epoch));
  }

  /** The per-step probability depends on the rate and {@code dt} alone. */
  @Override
  public PoissonEncoder withSteps(int steps) {
    return steps == this.steps ? this : new PoissonEncoder(steps, maxRateHz, dt, seed);
  }
}
