package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Rectified linear rate neuron: {@code r(J) = amplitude·max(J, 0)}; its step outputs the rate (no
 * state, no spikes).
 *
 * @param amplitude output scale, &gt; 0 (default 1)
 */
public record Relu(double amplitude) implements NeuronModel {
  public Relu {
    Checks.positive("relu.amplitude", amplitude);
    Checks.finite("relu.amplitude", amplitude);
  }

  /** Amplitude 1. */
  public static Relu standard() {
    return new Relu(1.0);
  }

  @Override
  public String typeName() {
    return "relu";
  }

  @Override
  public boolean spiking() {
    return false;
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
