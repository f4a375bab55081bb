package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Spiking leaky integrate-and-fire neuron with nengo 3.2's step. Rate: that of {@link LifRate}.
 * Step, per neuron, in this order (numerics.md):
 *
 * <pre>
 * ref −= dt; delta = clip(dt − ref, 0, dt); v −= (J − v)·expm1(−delta/tauRc);
 * spiked = v &gt; 1; t_spike = dt + tauRc·log1p(−(v − 1)/(J − 1));
 * v = max(v, minVoltage); if spiked: v = 0, ref = tauRef + t_spike
 * </pre>
 *
 * A spike is output as {@code amplitude/dt}, at most one per step. Backward pass: the SoftLIF
 * derivative with smoothing {@code sigma} (as {@link LifRate}).
 *
 * @param tauRc membrane time constant, s, &gt; 0 (default 0.02)
 * @param tauRef refractory period, s, ≥ 0 (default 0.002)
 * @param minVoltage lower bound of the voltage, ≤ 0 (default 0)
 * @param amplitude output scale, &gt; 0 (default 1); a spike is {@code amplitude/dt}
 * @param sigma SoftLIF smoothing of the derivative, ≥ 0 (default 0.01; 0 = exact LIF derivative)
 */
public record Lif(double tauRc, double tauRef, double minVoltage, double amplitude, double sigma)
    implements NeuronModel {
  public Lif {
    Checks.finite("lif.tauRc", Checks.positive("lif.tauRc", tauRc));
    Checks.finite("lif.tauRef", Checks.nonNegative("lif.tauRef", tauRef));
    Checks.finite("lif.minVoltage", Checks.atMost("lif.minVoltage", minVoltage, 0.0));
    Checks.finite("lif.amplitude", Checks.positive("lif.amplitude", amplitude));
    Checks.finite("lif.sigma", Checks.nonNegative("lif.sigma", sigma));
  }

  /** nengo's defaults: tauRc 0.02 s, tauRef 0.002 s, minVoltage 0, amplitude 1; sigma 0.01. */
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

  /** As {@link LifRate#rateDerivative}: the SoftLIF derivative with smoothing {@code sigma}. */
  @Override
  public double rateDerivative(double current, double dt) {
    return LifMath.softRateDerivative(current, tauRc, tauRef, amplitude, sigma);
  }

  /** Voltage from {@code init}, refractory time 0. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return NeuronState.initial(sampleIds, neurons, init, true);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double spike = amplitude / dt;
    double[] v = state.voltage;
    double[] ref = state.refractoryTime;
    LeakFactor leak = new LeakFactor(dt, tauRc);
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, ref, k, leak, tauRc, tauRef, minVoltage) ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    float spike = (float) (amplitude / dt);
    double[] v = state.voltage;
    double[] ref = state.refractoryTime;
    LeakFactor leak = new LeakFactor(dt, tauRc);
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, ref, k, leak, tauRc, tauRef, minVoltage) ? spike : 0f;
    }
  }

  /** nengo's LIF step of neuron {@code k}: updates {@code v[k]}, {@code ref[k]}; true on spike. */
  private static boolean stepOne(
      double dt,
      double j,
      double[] v,
      double[] ref,
      int k,
      LeakFactor leak,
      double tauRc,
      double tauRef,
      double minVoltage) {
    double r = ref[k] - dt;
    double delta = Math.min(Math.max(dt - r, 0.0), dt);
    double vk = v[k];
    vk -= (j - vk) * leak.of(delta);
    boolean spiked = vk > 1;
    if (spiked) {
      double tSpike = dt + tauRc * Math.log1p(-(vk - 1) / (j - 1));
      vk = 0.0;
      r = tauRef + tSpike;
    } else if (vk < minVoltage) {
      vk = minVoltage;
    }
    v[k] = vk;
    ref[k] = r;
    return spiked;
  }
}
