package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Float model of Loihi's LIF compartment (nengo-loihi's {@code LoihiLIF}): the time constants are
 * those the chip can represent, {@code tauRef' = dt·rint(tauRef/dt)} and {@code tauRc' = −dt /
 * log1p(−rint(−expm1(−dt/tauRc)·4095)/4095)} (12-bit decay).
 *
 * <p>Rate: with {@code j = J − 1}, {@code j > 0 ? (amp/dt) / ceil((tauRef' + tauRc'·log1p(1/j))/dt)
 * : 0}. Step: nengo's LIF step with {@code tauRc'}, spike when {@code v > 1}, {@code v = 0},
 * refractory time {@code tauRef' + dt}, no sub-step spike-time interpolation. Backward pass:
 * SoftLIF derivative with {@code tauRc'}, {@code tauRef'} and smoothing {@code sigma}.
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param amplitude output scale, &gt; 0 (default 1)
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01)
 */
public record LoihiLif(double tauRc, double tauRef, double amplitude, double sigma)
    implements NeuronModel {
  public LoihiLif {
    Checks.positive("loihi-lif.tauRc", tauRc);
    Checks.nonNegative("loihi-lif.tauRef", tauRef);
    Checks.positive("loihi-lif.amplitude", amplitude);
    Checks.nonNegative("loihi-lif.sigma", sigma);
  }

  /** Defaults: tauRc 0.02 s, tauRef 0.002 s, amplitude 1, sigma 0.01. */
  public static LoihiLif standard() {
    return new LoihiLif(0.02, 0.002, 1.0, 0.01);
  }

  /** The refractory period the chip represents at {@code dt}: {@code dt·rint(tauRef/dt)}. */
  public double discretizedTauRef(double dt) {
    return dt * Math.rint(tauRef / dt);
  }

  /** The membrane time constant the chip's 12-bit decay represents at {@code dt}. */
  public double discretizedTauRc(double dt) {
    double decay = -Math.expm1(-dt / tauRc);
    decay = Math.rint(decay * 4095) / 4095;
    return -dt / Math.log1p(-decay);
  }

  @Override
  public String typeName() {
    return "loihi-lif";
  }

  @Override
  public boolean spiking() {
    return true;
  }

  @Override
  public double rate(double current, double dt) {
    double j = current - 1;
    if (!(j > 0)) {
      return 0.0;
    }
    double period = discretizedTauRef(dt) + discretizedTauRc(dt) * Math.log1p(1.0 / j);
    return (amplitude / dt) / Math.ceil(period / dt);
  }

  @Override
  public double rateDerivative(double current, double dt) {
    return LifMath.softRateDerivative(
        current, discretizedTauRc(dt), discretizedTauRef(dt), amplitude, sigma);
  }

  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    NeuronState s = new NeuronState(sampleIds.length * neurons, true);
    init.fill(s, sampleIds, neurons);
    return s;
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double tauRcD = discretizedTauRc(dt);
    double refAfter = discretizedTauRef(dt) + dt;
    double spike = amplitude / dt;
    for (int k = 0; k < current.length; k++) {
      boolean s =
          LifMath.step(
              dt, current[k], state.voltage, state.refractoryTime, k, tauRcD, refAfter, 0.0, false);
      out[k] = s ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    double tauRcD = discretizedTauRc(dt);
    double refAfter = discretizedTauRef(dt) + dt;
    float spike = (float) (amplitude / dt);
    for (int k = 0; k < current.length; k++) {
      boolean s =
          LifMath.step(
              dt, current[k], state.voltage, state.refractoryTime, k, tauRcD, refAfter, 0.0, false);
      out[k] = s ? spike : 0f;
    }
  }
}
