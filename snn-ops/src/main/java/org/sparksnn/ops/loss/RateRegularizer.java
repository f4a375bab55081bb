package org.sparksnn.ops.loss;

import org.sparksnn.ops.Checks;

/**
 * L1/L2 regularization of an activation layer's output toward a target rate or a target range
 * (keras-spiking {@code L1L2(l1, l2, target)}).
 *
 * <p>Definition (the axes are fixed here): with {@code d(x) = x − min} if {@code x < min}, {@code x
 * − max} if {@code x > max}, else 0 (for a single target {@code min = max = target}), and {@code
 * p(x) = l1·|d(x)| + l2·d(x)²}, the loss added per sample is
 *
 * <ul>
 *   <li>{@link Scope#MEAN_RATE} (default): {@code Σ_n p(r[b,n])} on the rate {@code r[b,n] =
 *       (1/T)·Σ_t out[t,b,n]} (Hz × amplitude) — a penalty on firing rates;
 *   <li>{@link Scope#EVERY_STEP}: {@code Σ_t Σ_n p(out[t,b,n])} on every step's output — what
 *       Keras does with {@code activity_regularizer=keras_spiking.regularizers.L2(...)} on a
 *       {@code SpikingActivation} that returns sequences (a spiking layer's per-step output is
 *       {@code spikes·amplitude/dt}, so this also penalizes the spike-count variance);
 *   <li>{@link Scope#LAST_STEP}: {@code Σ_n p(out[T−1,b,n])} on the last step's output only — what
 *       Keras does when the {@code SpikingActivation} returns only its last step ({@code
 *       return_sequences=False}, keras-spiking 0.1's default).
 * </ul>
 *
 * Summed over the batch (the trainer divides every summed loss by the global batch size, which
 * gives Keras' per-batch mean).
 *
 * @param l1 L1 coefficient, {@code >= 0}, default 0
 * @param l2 L2 coefficient, {@code >= 0}, default 0
 * @param targetMin lower end of the target range, Hz (finite)
 * @param targetMax upper end of the target range, Hz, {@code >= targetMin}
 * @param scope which outputs are penalized (default {@link Scope#MEAN_RATE})
 */
public record RateRegularizer(
    double l1, double l2, double targetMin, double targetMax, Scope scope)
    implements java.io.Serializable {

  /** Which of an activation layer's outputs the penalty applies to. */
  public enum Scope {
    /** The mean over the steps of each neuron's output (its firing rate). */
    MEAN_RATE,
    /** Every step's output, summed over the steps. */
    EVERY_STEP,
    /** The last step's output only. */
    LAST_STEP;

    /** The configuration name: {@code mean-rate}, {@code every-step}, {@code last-step}. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * The scope named {@code name} (as {@link #configName}); an error naming {@code field} and
     * the accepted names otherwise.
     */
    public static Scope fromConfigName(String field, String name) {
      for (Scope s : values()) {
        if (s.configName().equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          field + " must be one of mean-rate, every-step, last-step, got " + name);
    }
  }

  public RateRegularizer {
    Checks.nonNegative("RateRegularizer.l1", l1);
    Checks.nonNegative("RateRegularizer.l2", l2);
    Checks.finite("RateRegularizer.targetMin", targetMin);
    Checks.finite("RateRegularizer.targetMax", targetMax);
    Checks.check(
        targetMax >= targetMin, "RateRegularizer.targetMax", "must be >= targetMin", targetMax);
    Checks.check(scope != null, "RateRegularizer.scope", "must be given", scope);
  }

  /** A regularizer of the mean rate ({@link Scope#MEAN_RATE}). */
  public RateRegularizer(double l1, double l2, double targetMin, double targetMax) {
    this(l1, l2, targetMin, targetMax, Scope.MEAN_RATE);
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
