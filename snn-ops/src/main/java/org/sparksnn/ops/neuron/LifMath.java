package org.sparksnn.ops.neuron;

/**
 * The LIF rate equations shared by the LIF neuron types ({@link LifRate}, {@link Lif}, {@link
 * LoihiLif}): nengo 3.2's rate curve and NengoDL's SoftLIF smoothing of it. The per-step updates
 * live in each type, since they differ (nengo's interpolating step vs. nengo-loihi's).
 */
final class LifMath {
  /**
   * Above this {@code (J − 1)/sigma} NengoDL's {@code SoftLIFRate} uses {@code J − 1} itself
   * instead of {@code sigma·log1p(exp((J − 1)/sigma))} (they differ by less than 1e-14 relative).
   */
  static final double SOFT_LIMIT = 34;

  private LifMath() {}

  /**
   * Steady-state LIF rate (nengo {@code LIFRate}): with {@code j = J − 1}, {@code j > 0 ? amp /
   * (tauRef + tauRc·log1p(1/j)) : 0}, in Hz × amplitude.
   */
  static double rate(double current, double tauRc, double tauRef, double amplitude) {
    double j = current - 1;
    return j > 0 ? amplitude / (tauRef + tauRc * Math.log1p(1.0 / j)) : 0.0;
  }

  /**
   * The smoothed argument of NengoDL's {@code SoftLIFRate}: {@code sigma·log1p(exp((J − 1)/sigma))}
   * (softplus of {@code J − 1} with width {@code sigma}), or {@code J − 1} where {@code (J −
   * 1)/sigma ≥ 34} (as NengoDL); {@code sigma = 0} gives {@code J − 1}.
   */
  static double softExcess(double current, double sigma) {
    double j = current - 1;
    if (sigma == 0) {
      return j;
    }
    double z = j / sigma;
    return z < SOFT_LIMIT ? sigma * Math.log1p(Math.exp(z)) : j;
  }

  /**
   * NengoDL's {@code SoftLIFRate}: {@code amp / (tauRef + tauRc·log1p(1/x))} with {@code x =
   * softExcess(J, sigma)}; 0 where {@code x ≤ 0} (only for {@code sigma = 0}, or when the softplus
   * underflows). Hz × amplitude.
   */
  static double softRate(
      double current, double tauRc, double tauRef, double amplitude, double sigma) {
    double x = softExcess(current, sigma);
    return x > 0 ? amplitude / (tauRef + tauRc * Math.log1p(1.0 / x)) : 0.0;
  }

  /**
   * The analytic derivative of {@link #softRate} with respect to the current. With {@code p =
   * tauRef + tauRc·log1p(1/x)}: {@code dr/dx = amp·tauRc / (p²·x·(x + 1))} (since {@code d
   * log1p(1/x)/dx = −1/(x·(x + 1))}) and {@code dx/dJ = sigmoid((J − 1)/sigma)} (1 where NengoDL
   * uses {@code J − 1} directly, and for {@code sigma = 0}, where this is the derivative of the
   * exact LIF rate, 0 for {@code J ≤ 1}).
   */
  static double softRateDerivative(
      double current, double tauRc, double tauRef, double amplitude, double sigma) {
    double x = softExcess(current, sigma);
    if (!(x > 0)) {
      return 0.0;
    }
    double dx = 1.0;
    if (sigma != 0) {
      double z = (current - 1) / sigma;
      if (z < SOFT_LIMIT) {
        dx = 1.0 / (1.0 + Math.exp(-z));
      }
    }
    double period = tauRef + tauRc * Math.log1p(1.0 / x);
    return amplitude * tauRc / (period * period) / (x * (x + 1)) * dx;
  }
}
