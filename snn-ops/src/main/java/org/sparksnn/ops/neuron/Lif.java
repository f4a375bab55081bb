package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Spiking leaky integrate-and-fire neuron with nengo 3.2's step (refractory period, sub-step
 * spike-time interpolation, reset to 0). Its mean rate is that of {@link LifRate}; the backward
 * pass uses the SoftLIF derivative with smoothing {@code sigma}.
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param minVoltage lower bound of the voltage, ≤ 0 (default 0)
 * @param amplitude output scale, &gt; 0 (default 1); a spike is {@code amplitude/dt}
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01)
 */
public record Lif(double tauRc, double tauRef, double minVoltage, double amplitude, double sigma)
    implements NeuronModel {
  public Lif {
    Checks.positive("lif.tauRc", tauRc);
    Checks.nonNegative("lif.tauRef", tauRef);
    Checks.atMost("lif.minVoltage", minVoltage, 0.0);
    Checks.positive("lif.amplitude", amplitude);
    Checks.nonNegative("lif.sigma", sigma);
  }

  /** nengo's defaults: tauRc 0.02 s, tauRef 0.002 s, minVoltage 0, amplitude 1, sigma 0.01. */
  public static Lif standard() {
    return new Lif(0.02, 0.002, 0.0, 1.0, 0.01);
  }

  @Override
  public String typeName() {
    return "lif";
  }

  @Override
  public boolean spiking() {
    return true;
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
    NeuronState s = new NeuronState(sampleIds.length * neurons, true);
    init.fill(s, sampleIds, neurons);
    return s;
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double spike = amplitude / dt;
    for (int k = 0; k < current.length; k++) {
      boolean s =
          LifMath.step(
              dt, current[k], state.voltage, state.refractoryTime, k, tauRc, tauRef, minVoltage, true);
      out[k] = s ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    float spike = (float) (amplitude / dt);
    for (int k = 0; k < current.length; k++) {
      boolean s =
          LifMath.step(
              dt, current[k], state.voltage, state.refractoryTime, k, tauRc, tauRef, minVoltage, true);
      out[k] = s ? spike : 0f;
    }
  }
}
