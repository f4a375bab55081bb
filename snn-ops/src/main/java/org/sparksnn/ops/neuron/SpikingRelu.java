package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Spiking rectified linear neuron (nengo {@code SpikingRectifiedLinear}): the rate is that of
 * {@link Relu}; each step {@code v += max(J, 0)·dt; n = floor(v); v −= n; out = amplitude·n/dt},
 * so several spikes per step are possible.
 *
 * @param amplitude output scale, &gt; 0 (default 1)
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

  @Override
  public double rateDerivative(double current, double dt) {
    return current > 0 ? amplitude : 0.0;
  }

  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    NeuronState s = new NeuronState(sampleIds.length * neurons, false);
    init.fill(s, sampleIds, neurons);
    return s;
  }

  /** One neuron's step; updates {@code v[k]} and returns the output. */
  private double stepOne(double dt, double j, double[] v, int k) {
    double vk = v[k] + Math.max(j, 0.0) * dt;
    double n = Math.floor(vk);
    v[k] = vk - n;
    return amplitude * n / dt;
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], state.voltage, k);
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = (float) stepOne(dt, current[k], state.voltage, k);
    }
  }
}
