package org.sparksnn.encoders;

import org.sparksnn.ops.random.KeyedRandom;

/**
 * A spike encoder whose input {@code i} of record {@code id} spikes at step {@code t} iff {@code
 * KeyedRandom.uniform(seed, id, t, i) < q(p)}, for a per-step probability {@code q(p)} in [0, 1]
 * that only the intensity {@code p} decides (at most one spike per step; {@code q(0) = 0}, so
 * intensity 0 never spikes). The rate and Poisson encoders differ only in {@link #probability}.
 */
public interface BernoulliEncoder extends SpikeEncoder {
  /** The encoder's configuration name ({@code rate}, {@code poisson}), used in error messages. */
  String typeName();

  /** Seed of the keyed uniform draw. */
  long seed();

  /** The per-step spike probability for intensity {@code p} in [0, 1]; 0 at {@code p = 0}. */
  double probability(float p);

  @Override
  default boolean binary() {
    return true;
  }

  @Override
  default float value(long recordId, int step, int input, float p) {
    EncoderChecks.step(typeName(), step, steps());
    EncoderChecks.unitIntensity(typeName(), input, p);
    double q = probability(p);
    return q > 0 && KeyedRandom.uniform(seed(), recordId, step, input) < q ? 1f : 0f;
  }

  @Override
  default void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step(typeName(), step, steps());
    EncoderChecks.unitIntensities(typeName(), p);
    EncoderChecks.row(typeName(), p.length, out, offset);
    long row = KeyedRows.rowKey(seed(), recordId, step);
    for (int i = 0; i < p.length; i++) {
      out[offset + i] =
          p[i] == 0f ? 0f : KeyedRows.below(row, i, KeyedRows.threshold(probability(p[i])));
    }
  }

  @Override
  default SpikeTrain encode(long recordId, float[] p) {
    return SpikeTrain.bernoulli(seed(), recordId, steps(), probabilities(p));
  }

  @Override
  default StepSpikes stepSpikes(long recordId, float[] p) {
    return new BernoulliSteps(seed(), recordId, steps(), probabilities(p));
  }

  @Override
  default double expectedSpikes(float p) {
    return probability(p) * steps();
  }

  private double[] probabilities(float[] p) {
    EncoderChecks.unitIntensities(typeName(), p);
    double[] q = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      q[i] = probability(p[i]);
    }
    return q;
  }
}
