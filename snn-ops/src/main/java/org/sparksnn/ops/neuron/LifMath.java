package org.sparksnn.ops.neuron;

/** The LIF equations shared by the LIF neuron types (nengo 3.2 / nengo-loihi 1.1). */
final class LifMath {
  private LifMath() {}

  /** Steady-state LIF rate: {@code J > 1 ? amp / (tauRef + tauRc·log1p(1/(J − 1))) : 0}. */
  static double rate(double j, double tauRc, double tauRef, double amplitude) {
    return j > 1 ? amplitude / (tauRef + tauRc * Math.log1p(1.0 / (j - 1))) : 0.0;
  }

  /**
   * Derivative of the SoftLIF rate (NengoDL's {@code SoftLIFRate}): {@code x = sigma·log1p(exp((J
   * − 1)/sigma))} replaces {@code J − 1}, so {@code r = amp/(tauRef + tauRc·log1p(1/x))} is
   * smooth; {@code sigma = 0} gives the derivative of the exact LIF rate.
   */
  static double softRateDerivative(
      double j, double tauRc, double tauRef, double amplitude, double sigma) {
    double x;
    double dx;
    if (sigma > 0) {
      double z = (j - 1) / sigma;
      x = z > 30 ? j - 1 : sigma * Math.log1p(Math.exp(z));
      dx = 1.0 / (1.0 + Math.exp(-z));
    } else {
      if (j <= 1) {
        return 0.0;
      }
      x = j - 1;
      dx = 1.0;
    }
    if (x <= 0) {
      return 0.0;
    }
    double period = tauRef + tauRc * Math.log1p(1.0 / x);
    return amplitude * tauRc / (period * period) / (x * (x + 1)) * dx;
  }

  /**
   * One nengo LIF step of neuron {@code k}; updates voltage and refractory time and returns
   * whether it spiked. Order as in nengo's {@code LIF.step}: refractory countdown, voltage decay
   * over the non-refractory part of the step, threshold, spike-time interpolation (if {@code
   * interpolate}), clamp to {@code minVoltage}, reset.
   *
   * @param refractoryAfter refractory time set on a spike before the sub-step spike time is added
   */
  static boolean step(
      double dt,
      double j,
      double[] v,
      double[] ref,
      int k,
      double tauRc,
      double refractoryAfter,
      double minVoltage,
      boolean interpolate) {
    double r = ref[k] - dt;
    double delta = Math.min(Math.max(dt - r, 0.0), dt);
    double vk = v[k];
    vk -= (j - vk) * Math.expm1(-delta / tauRc);
    boolean spiked = vk > 1;
    double tSpike = spiked && interpolate ? dt + tauRc * Math.log1p(-(vk - 1) / (j - 1)) : 0.0;
    if (vk < minVoltage) {
      vk = minVoltage;
    }
    if (spiked) {
      vk = 0;
      r = refractoryAfter + tSpike;
    }
    v[k] = vk;
    ref[k] = r;
    return spiked;
  }
}
