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
    implements SpikeEncoder {
  private static final long serialVersionUID = 1L;

  public PoissonEncoder {
    Checks.positive("poisson.steps", steps);
    Checks.nonNegative("poisson.maxRateHz", maxRateHz);
    Checks.finite("poisson.maxRateHz", maxRateHz);
    Checks.positive("poisson.dt", dt);
    Checks.finite("poisson.dt", dt);
  }

  /** The per-step spike probability {@code 1 − exp(−p·maxRateHz·dt)} for intensity {@code p}. */
  public double probability(float p) {
    return -Math.expm1(-(p * maxRateHz) * dt);
  }

  @Override
  public boolean binary() {
    return true;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    EncoderChecks.step("poisson", step, steps);
    EncoderChecks.unitIntensity("poisson", input, p);
    double q = probability(p);
    return q > 0 && KeyedRandom.uniform(seed, recordId, step, input) < q ? 1f : 0f;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step("poisson", step, steps);
    EncoderChecks.unitIntensities("poisson", p);
    EncoderChecks.row("poisson", p.length, out, offset);
    long row = KeyedRows.rowKey(seed, recordId, step);
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 0f) {
        out[offset + i] = 0f;
      } else {
        out[offset + i] = KeyedRows.below(row, i, KeyedRows.threshold(probability(p[i])));
      }
    }
  }

  @Override
  public SpikeTrain encode(long recordId, float[] p) {
    return SpikeTrain.bernoulli(seed, recordId, steps, probabilities(p));
  }

  @Override
  public StepSpikes stepSpikes(long recordId, float[] p) {
    return new BernoulliSteps(seed, recordId, steps, probabilities(p));
  }

  private double[] probabilities(float[] p) {
    EncoderChecks.unitIntensities("poisson", p);
    double[] q = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      q[i] = probability(p[i]);
    }
    return q;
  }

  @Override
  public double expectedSpikes(float p) {
    return probability(p) * steps;
  }

  @Override
  public PoissonEncoder forEpoch(int epoch) {
    return epoch == 0
        ? this
        : new PoissonEncoder(steps, maxRateHz, dt, KeyedRandom.derive(seed, epoch));
  }
}
