package org.sparksnn.ops.loss;

import org.sparksnn.ops.Checks;

/**
 * L1/L2 regularization of an activation layer's firing rates toward a target rate or a target range
 * (keras-spiking {@code L1L2(l1, l2, target)} semantics, applied to rates).
 *
 * <p>Definition (the axes are fixed here): the rate of neuron {@code n} of sample {@code b} is its
 * output averaged over the time steps, {@code r[b,n] = (1/T)·Σ_t out[t,b,n]} (Hz × amplitude). With
 * {@code d = r − min} if {@code r < min}, {@code d = r − max} if {@code r > max}, else 0 (for a
 * single target {@code min = max = target}, so {@code d = r − target}), the loss added per sample
 * is {@code l1·Σ_n |d| + l2·Σ_n d²}: summed over neurons, summed over the batch (the trainer
 * divides every summed loss by the global batch size, which gives Keras' per-batch mean).
 *
 * @param l1 L1 coefficient, {@code >= 0}, default 0
 * @param l2 L2 coefficient, {@code >= 0}, default 0
 * @param targetMin lower end of the target range, Hz (finite)
 * @param targetMax upper end of the target range, Hz, {@code >= targetMin}
 */
public record RateRegularizer(double l1, double l2, double targetMin, double targetMax)
    implements java.io.Serializable {

  public RateRegularizer {
    Checks.nonNegative("RateRegularizer.l1", l1);
    Checks.nonNegative("RateRegularizer.l2", l2);
    Checks.finite("RateRegularizer.targetMin", targetMin);
    Checks.finite("RateRegularizer.targetMax", targetMax);
    Checks.check(
        targetMax >= targetMin, "RateRegularizer.targetMax", "must be >= targetMin", targetMax);
  }

  /** L2 toward a single target rate (keras-spiking {@code L2(l2, target)}). */
  public static RateRegularizer l2(double l2, double target) {
    return new RateRegularizer(0, l2, target, target);
  }

  /** L2 toward a range {@code [min, max]}: no penalty inside the range. */
  public static RateRegularizer l2Range(double l2, double min, double max) {
    return new RateRegularizer(0, l2, min, max);
  }

  /** The penalty of one rate. */
  public double penalty(double rate) {
    double d = excess(rate);
    return l1 * Math.abs(d) + l2 * d * d;
  }

  /** The derivative of {@link #penalty} with respect to the rate (0 at the kink of L1). */
  public double penaltyDerivative(double rate) {
    double d = excess(rate);
    return l1 * Math.signum(d) + 2 * l2 * d;
  }

  private double excess(double rate) {
    if (rate < targetMin) {
      return rate - targetMin;
    }
    if (rate > targetMax) {
      return rate - targetMax;
    }
    return 0;
  }
}
