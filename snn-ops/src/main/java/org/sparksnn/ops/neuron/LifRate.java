package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Leaky integrate-and-fire rate neuron: outputs {@code r(J) = J > 1 ? amp/(tauRef +
 * tauRc·log1p(1/(J − 1))) : 0} each step. The backward pass uses the SoftLIF derivative with
 * smoothing {@code sigma}.
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param amplitude output scale, &gt; 0 (default 1)
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01; 0 = exact derivative)
 */
public record LifRate(double tauRc, double tauRef, double amplitude, double sigma)
    implements NeuronModel {
  public LifRate {
    Checks.positive("lif-rate.tauRc", tauRc);
    Checks.nonNegative("lif-rate.tauRef", tauRef);
    Checks.positive("lif-rate.amplitude", amplitude);
    Checks.nonNegative("lif-rate.sigma", sigma);
  }

  /** nengo's defaults: tauRc 0.02 s, tauRef 0.002 s, amplitude 1, sigma 0.01. */
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

  @Override
  public double rateDerivative(double current, double dt) {
    return LifMath.softRateDerivative(current, tauRc, tauRef, amplitude, sigma);
  }

  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return new NeuronState(sampleIds.length * neurons, false);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = rate(current[k], dt);
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = (float) rate(current[k], dt);
    }
  }
}
