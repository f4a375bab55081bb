package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Latency coding: one spike at step {@code rint((1 − p)·(steps − 1))} (computed in double; {@code
 * rint} rounds half to even, as numpy) if {@code p > threshold}, none otherwise, so bright pixels
 * fire first: {@code p = 1} at step 0, {@code p} just above 0 near the last step.
 *
 * @param steps time steps, &ge; 1
 * @param threshold intensities {@code ≤ threshold} (compared in double: {@code (double) p >
 *     threshold}) stay silent, in [0, 1]
 */
public record LatencyEncoder(int steps, double threshold) implements SpikeEncoder {
  private static final long serialVersionUID = 1L;

  public LatencyEncoder {
    Checks.positive("latency.steps", steps);
    Checks.inRange("latency.threshold", threshold, 0.0, 1.0);
  }

  @Override
  public boolean binary() {
    return true;
  }

  /** The spike step for intensity {@code p} in [0, 1], or −1 if {@code p ≤ threshold}. */
  public int spikeStep(float p) {
    return p > threshold ? (int) Math.rint((1.0 - p) * (steps - 1)) : -1;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    EncoderChecks.step("latency", step, steps);
    EncoderChecks.unitIntensity("latency", input, p);
    return spikeStep(p) == step ? 1f : 0f;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step("latency", step, steps);
    EncoderChecks.unitIntensities("latency", p);
    EncoderChecks.row("latency", p.length, out, offset);
    for (int i = 0; i < p.length; i++) {
      out[offset + i] = spikeStep(p[i]) == step ? 1f : 0f;
    }
  }

  @Override
  public SpikeTrain encode(long recordId, float[] p) {
    EncoderChecks.unitIntensities("latency", p);
    SpikeTrain train = SpikeTrain.empty(steps, p.length);
    for (int i = 0; i < p.length; i++) {
      int t = spikeStep(p[i]);
      if (t >= 0) {
        train.set(t, i);
      }
    }
    return train;
  }

  @Override
  public double expectedSpikes(float p) {
    return p > threshold ? 1 : 0;
  }

  @Override
  public LatencyEncoder forEpoch(int epoch) {
    return this;
  }

  /** The latency code over {@code steps}: the spike step scales with the presentation time. */
  @Override
  public LatencyEncoder withSteps(int steps) {
    return steps == this.steps ? this : new LatencyEncoder(steps, threshold);
  }
}
