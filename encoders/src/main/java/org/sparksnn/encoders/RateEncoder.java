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
public record RateEncoder(int steps, double maxSpikes, long seed) implements SpikeEncoder {
  private static final long serialVersionUID = 1L;

  public RateEncoder {
    Checks.positive("rate.steps", steps);
    Checks.nonNegative("rate.maxSpikes", maxSpikes);
    Checks.atMost("rate.maxSpikes", maxSpikes, steps);
  }

  /** The per-step spike probability {@code p·maxSpikes/steps} for intensity {@code p}. */
  public double probability(float p) {
    return p * maxSpikes / steps;
  }

  @Override
  public boolean binary() {
    return true;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    EncoderChecks.step("rate", step, steps);
    EncoderChecks.unitIntensity("rate", input, p);
    double q = probability(p);
    return q > 0 && KeyedRandom.uniform(seed, recordId, step, input) < q ? 1f : 0f;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step("rate", step, steps);
    EncoderChecks.unitIntensities("rate", p);
    EncoderChecks.row("rate", p.length, out, offset);
    long row = KeyedRows.rowKey(seed, recordId, step);
    for (int i = 0; i < p.length; i++) {
      out[offset + i] = KeyedRows.below(row, i, KeyedRows.threshold(probability(p[i])));
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
    EncoderChecks.unitIntensities("rate", p);
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
  public RateEncoder forEpoch(int epoch) {
    return epoch == 0 ? this : new RateEncoder(steps, maxSpikes, KeyedRandom.derive(seed, epoch));
  }
}
