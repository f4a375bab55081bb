package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Regular coding: deterministic, evenly spaced spikes, {@code n = rint(p·maxSpikes)} of them
 * ({@code rint}: round half to even, as numpy's {@code round}; computed in double), at most one per
 * step.
 *
 * <p>Spike positions: split the time span {@code [0, steps)} into {@code n} equal windows of {@code
 * steps/n} steps; the k-th spike ({@code k = 1..n}) is at the step {@code [t, t + 1)} that contains
 * the middle of the k-th window,
 *
 * <pre>
 * t_k = floor((2k − 1)·steps / (2n))
 * </pre>
 *
 * in exact integer arithmetic. Equivalently, with {@code c(x) = floor((2n·x + steps − 1) /
 * (2·steps))} window middles before time {@code x}, the input spikes at step {@code t} iff {@code
 * c(t + 1) > c(t)}. Examples: 10 steps, n = 4 → steps 1, 3, 6, 8; n = 2 → 2, 7; n = 1 → step {@code
 * floor(steps/2)}; n = steps → every step.
 *
 * @param steps time steps, &ge; 1
 * @param maxSpikes spikes at {@code p = 1}, in [0, steps]
 */
public record RegularEncoder(int steps, double maxSpikes) implements SpikeEncoder {
  private static final long serialVersionUID = 1L;

  public RegularEncoder {
    Checks.positive("regular.steps", steps);
    Checks.nonNegative("regular.maxSpikes", maxSpikes);
    Checks.atMost("regular.maxSpikes", maxSpikes, steps);
  }

  @Override
  public boolean binary() {
    return true;
  }

  /** The number of spikes for intensity {@code p}: {@code rint(p·maxSpikes)}, in [0, steps]. */
  public int spikeCount(float p) {
    return (int) Math.rint(p * maxSpikes);
  }

  /** The steps at which an input of intensity {@code p} spikes, ascending. */
  public int[] spikeSteps(float p) {
    EncoderChecks.unitIntensity("regular", 0, p);
    int n = spikeCount(p);
    int[] t = new int[n];
    for (int k = 1; k <= n; k++) {
      t[k - 1] = (int) ((2L * k - 1) * steps / (2L * n));
    }
    return t;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    EncoderChecks.step("regular", step, steps);
    EncoderChecks.unitIntensity("regular", input, p);
    return spikesAt(step, spikeCount(p)) ? 1f : 0f;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step("regular", step, steps);
    EncoderChecks.unitIntensities("regular", p);
    EncoderChecks.row("regular", p.length, out, offset);
    for (int i = 0; i < p.length; i++) {
      out[offset + i] = spikesAt(step, spikeCount(p[i])) ? 1f : 0f;
    }
  }

  @Override
  public SpikeTrain encode(long recordId, float[] p) {
    EncoderChecks.unitIntensities("regular", p);
    SpikeTrain train = SpikeTrain.empty(steps, p.length);
    for (int i = 0; i < p.length; i++) {
      for (int t : spikeSteps(p[i])) {
        train.set(t, i);
      }
    }
    return train;
  }

  private boolean spikesAt(int t, int n) {
    return middlesBefore(t + 1L, n) > middlesBefore(t, n);
  }

  /** The number of window middles {@code (2k − 1)·steps/(2n)} strictly before time {@code x}. */
  private long middlesBefore(long x, int n) {
    return (2L * n * x + steps - 1) / (2L * steps);
  }

  @Override
  public double expectedSpikes(float p) {
    return spikeCount(p);
  }

  @Override
  public RegularEncoder forEpoch(int epoch) {
    return this;
  }

  /** Keeps the spikes per step at {@code p = 1}: {@code maxSpikes·steps/this.steps}. */
  @Override
  public RegularEncoder withSteps(int steps) {
    return steps == this.steps ? this : new RegularEncoder(steps, maxSpikes * steps / this.steps);
  }
}
