package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Spiking rectified linear neuron (nengo {@code SpikingRectifiedLinear}, keras-spiking's spiking
 * relu). Rate: that of {@link Relu}, {@code amplitude·max(J, 0)}. Step (numerics.md): {@code v +=
 * max(J, 0)·dt; n = floor(v); v −= n; out = amplitude·n/dt}, so several spikes per step are
 * possible and the overshoot is kept.
 *
 * <p>The output is computed as {@code (amplitude·n)/dt}, the order numerics.md writes (and
 * keras-spiking's {@code n/dt} for amplitude 1); nengo computes {@code (amplitude/dt)·n}, which can
 * differ in the last bit when {@code n ≥ 2}. One spike is exactly {@code amplitude/dt} in both.
 *
 * @param amplitude output scale, &gt; 0 and finite (default 1)
 */
public record SpikingRelu(double amplitude) implements NeuronModel {
  public SpikingRelu {
    Checks.positive("spiking-relu.amplitude", amplitude);
    Checks.finite("spiking-relu.amplitude", amplitude);
  }

  /** Amplitude 1. */
  public static SpikingRelu standard() {
    return new SpikingRelu(1.0);
  }

  @Override
  public String typeName() {
    return "spiking-relu";
  }

  @Override
  public boolean spiking() {
    return true;
  }

  @Override
  public double rate(double current, double dt) {
    return amplitude * Math.max(current, 0.0);
  }

  /** {@code amp·[J > 0]}: the derivative of the relu rate (0 at the kink). */
  @Override
  public double rateDerivative(double current, double dt) {
    return current > 0 ? amplitude : 0.0;
  }

  /** Voltage (the spike accumulator) from {@code init}; no refractory state. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return NeuronState.initial(sampleIds, neurons, init, false);
  }

  /** Reuses {@code previous} when its size fits: {@code init} overwrites every voltage. */
  @Override
  public NeuronState newState(
      long[] sampleIds, int neurons, InitialVoltage init, NeuronState previous) {
    if (previous == null
        || previous.size() != sampleIds.length * neurons
        || previous.refractoryTime != null) {
      return newState(sampleIds, neurons, init);
    }
    init.fill(previous, sampleIds, neurons);
    return previous;
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double[] v = state.voltage;
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, k, amplitude);
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    double[] v = state.voltage;
    for (int k = 0; k < current.length; k++) {
      out[k] = (float) stepOne(dt, current[k], v, k, amplitude);
    }
  }

  /** One neuron's step: updates {@code v[k]}, returns the output {@code amplitude·n/dt}. */
  private static double stepOne(double dt, double j, double[] v, int k, double amplitude) {
    double vk = v[k] + Math.max(j, 0.0) * dt;
    double n = Math.floor(vk);
    v[k] = vk - n;
    return amplitude * n / dt;
  }
}
