package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Latency coding: one spike at step {@code rint((1 − p)·(steps − 1))} if {@code p > threshold},
 * none otherwise — bright pixels fire first. ({@code rint}: round half to even, as numpy.)
 *
 * @param steps time steps, ≥ 1
 * @param threshold intensities {@code ≤ threshold} stay silent, in [0, 1]
 */
public record LatencyEncoder(int steps, double threshold) implements SpikeEncoder {
  public LatencyEncoder {
    Checks.positive("latency.steps", steps);
    Checks.inRange("latency.threshold", threshold, 0.0, 1.0);
  }

  @Override
  public boolean binary() {
    return true;
  }

  /** The spike step for intensity {@code p}, or −1 if {@code p ≤ threshold}. */
  public int spikeStep(float p) {
    return p > threshold ? (int) Math.rint((1.0 - p) * (steps - 1)) : -1;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    return spikeStep(p) == step ? 1f : 0f;
  }

  @Override
  public double expectedSpikes(float p) {
    return p > threshold ? 1 : 0;
  }

  @Override
  public SpikeEncoder forEpoch(int epoch) {
    return this;
  }
}
