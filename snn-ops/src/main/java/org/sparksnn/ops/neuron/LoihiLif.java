package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Float model of Loihi's LIF compartment (nengo-loihi 1.1 {@code LoihiLIF}), using the time
 * constants the chip can represent at step {@code dt}:
 *
 * <ul>
 *   <li>{@code tauRef' = dt·round(tauRef/dt)} (round half to even, as numpy);
 *   <li>{@code tauRc' = −dt / log1p(−round(d·4095)/4095)} with {@code d = 1 − exp(−dt/tauRc)} (the
 *       chip's 12-bit voltage decay). {@code d} is computed as {@code −expm1(−dt/tauRc)}, as
 *       nengo-loihi does; after rounding to a multiple of 1/4095 this equals numerics.md's {@code 1
 *       − exp(−dt/tauRc)} unless {@code d·4095} lies within about 1e-12 of a half-integer.
 * </ul>
 *
 * <p>Rate: with {@code j = J − 1}, {@code j > 0 ? (amp/dt) / ceil((tauRef' + tauRc'·log1p(1/j))/dt)
 * : 0}. Step: nengo's LIF step ({@link Lif}) with {@code tauRc'}, spike when {@code v > 1}, then
 * {@code v = 0} and {@code refractory_time = tauRef' + dt}; no sub-step spike-time interpolation;
 * minimum voltage 0. Backward pass: the SoftLIF derivative ({@link LifRate#rateDerivative}) with
 * {@code tauRc'}, {@code tauRef'} and smoothing {@code sigma}.
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param amplitude output scale, &gt; 0 (default 1)
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01; 0 = exact LIF derivative)
 */
public record LoihiLif(double tauRc, double tauRef, double amplitude, double sigma)
    implements NeuronModel {
  public LoihiLif {
    Checks.finite("loihi-lif.tauRc", Checks.positive("loihi-lif.tauRc", tauRc));
    Checks.finite("loihi-lif.tauRef", Checks.nonNegative("loihi-lif.tauRef", tauRef));
    Checks.finite("loihi-lif.amplitude", Checks.positive("loihi-lif.amplitude", amplitude));
    Checks.finite("loihi-lif.sigma", Checks.nonNegative("loihi-lif.sigma", sigma));
  }

  /** Defaults: tauRc 0.02 s, tauRef 0.002 s, amplitude 1, sigma 0.01. */
  public static LoihiLif standard() {
    return new LoihiLif(0.02, 0.002, 1.0, 0.01);
  }

  /** The refractory period the chip represents at {@code dt}: {@code dt·round(tauRef/dt)}, s. */
  public double discretizedTauRef(double dt) {
    return dt * Math.rint(tauRef / dt);
  }

  /** The membrane time constant the chip's 12-bit decay represents at {@code dt}, s. */
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

  /** The SoftLIF derivative with the discretized time constants and smoothing {@code sigma}. */
  @Override
  public double rateDerivative(double current, double dt) {
    return LifMath.softRateDerivative(
        current, discretizedTauRc(dt), discretizedTauRef(dt), amplitude, sigma);
  }

  /** Voltage from {@code init}, refractory time 0. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return NeuronState.initial(sampleIds, neurons, init, true);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double tauRcD = discretizedTauRc(dt);
    double refAfter = discretizedTauRef(dt) + dt;
    double spike = amplitude / dt;
    double[] v = state.voltage;
    double[] ref = state.refractoryTime;
    LeakFactor leak = new LeakFactor(dt, tauRcD);
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, ref, k, leak, refAfter) ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    double tauRcD = discretizedTauRc(dt);
    double refAfter = discretizedTauRef(dt) + dt;
    float spike = (float) (amplitude / dt);
    double[] v = state.voltage;
    double[] ref = state.refractoryTime;
    LeakFactor leak = new LeakFactor(dt, tauRcD);
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, ref, k, leak, refAfter) ? spike : 0f;
    }
  }

  /**
   * nengo-loihi's LoihiLIF step of neuron {@code k} with the discretized {@code tauRc'} and {@code
   * refAfter = tauRef' + dt}: updates {@code v[k]}, {@code ref[k]}; true on spike.
   */
  private static boolean stepOne(
      double dt, double j, double[] v, double[] ref, int k, LeakFactor leak, double refAfter) {
    double r = ref[k] - dt;
    double delta = Math.min(Math.max(dt - r, 0.0), dt);
    double vk = v[k];
    vk -= (j - vk) * leak.of(delta);
    boolean spiked = vk > 1;
    if (spiked) {
      vk = 0.0;
      r = refAfter;
    } else if (vk < 0) {
      vk = 0.0;
    }
    v[k] = vk;
    ref[k] = r;
    return spiked;
  }
}
