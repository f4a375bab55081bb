package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Leaky integrate-and-fire rate neuron (nengo {@code LIFRate}). Rate: {@code J > 1 ? amp/(tauRef +
 * tauRc·log1p(1/(J − 1))) : 0}, Hz × amplitude. Rate mode: {@link #step} outputs the rate (no
 * state). Backward pass: the derivative of NengoDL's SoftLIF rate with smoothing {@code sigma} (see
 * {@link #rateDerivative}).
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param amplitude output scale, &gt; 0 (default 1)
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01; 0 = exact LIF derivative)
 */
public record LifRate(double tauRc, double tauRef, double amplitude, double sigma)
    implements NeuronModel {
  public LifRate {
    Checks.finite("lif-rate.tauRc", Checks.positive("lif-rate.tauRc", tauRc));
    Checks.finite("lif-rate.tauRef", Checks.nonNegative("lif-rate.tauRef", tauRef));
    Checks.finite("lif-rate.amplitude", Checks.positive("lif-rate.amplitude", amplitude));
    Checks.finite("lif-rate.sigma", Checks.nonNegative("lif-rate.sigma", sigma));
  }

  /** Defaults: tauRc 0.02 s, tauRef 0.002 s, amplitude 1, sigma 0.01. */
  public static LifRate standard() {
    return new LifRate(0.02, 0.002, 1.0, 0.01);
  }

  @Override
  public String typeName() {
    return "lif-rate";
  }

  @Override
  public boolean spiking() {
    return false;
  }

  @Override
  public double rate(double current, double dt) {
    return LifMath.rate(current, tauRc, tauRef, amplitude);
  }

  /**
   * The derivative of NengoDL's SoftLIF rate {@code amp/(tauRef + tauRc·log1p(1/x))}, {@code x =
   * sigma·log1p(exp((J − 1)/sigma))}; for {@code sigma = 0} the exact LIF derivative.
   */
  @Override
  public double rateDerivative(double current, double dt) {
    return LifMath.softRateDerivative(current, tauRc, tauRef, amplitude, sigma);
  }

  /** No state: the returned state has size {@code rows × neurons} but is never read. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return new NeuronState(sampleIds.length * neurons, false);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = LifMath.rate(current[k], tauRc, tauRef, amplitude);
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = (float) LifMath.rate(current[k], tauRc, tauRef, amplitude);
    }
  }
}
