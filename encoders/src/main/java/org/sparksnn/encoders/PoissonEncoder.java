package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Poisson coding: input {@code i} spikes at step {@code t} with probability {@code 1 −
 * exp(−p·maxRateHz·dt)}, i.e. iff {@code u(seed, id, t, i) < 1 − exp(−p·maxRateHz·dt)}.
 *
 * @param steps time steps, ≥ 1
 * @param maxRateHz rate at {@code p = 1}, Hz, &gt; 0
 * @param dt time step, s, &gt; 0
 * @param seed seed of the keyed uniform draw
 */
public record PoissonEncoder(int steps, double maxRateHz, double dt, long seed)
    implements SpikeEncoder {
  public PoissonEncoder {
    Checks.positive("poisson.steps", steps);
    Checks.positive("poisson.maxRateHz", maxRateHz);
    Checks.finite("poisson.maxRateHz", maxRateHz);
    Checks.positive("poisson.dt", dt);
  }

  @Override
  public boolean binary() {
    return true;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    double prob = -Math.expm1(-p * maxRateHz * dt);
    return KeyedRandom.uniform(seed, recordId, step, input) < prob ? 1f : 0f;
  }

  @Override
  public double expectedSpikes(float p) {
    return -Math.expm1(-p * maxRateHz * dt) * steps;
  }

  @Override
  public SpikeEncoder forEpoch(int epoch) {
    return epoch == 0
        ? this
        : new PoissonEncoder(steps, maxRateHz, dt, KeyedRandom.derive(seed, epoch));
  }
}
