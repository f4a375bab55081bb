package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Rectified linear rate neuron (nengo {@code RectifiedLinear}): {@code r(J) = amplitude·max(J, 0)},
 * Hz × amplitude. Rate mode: {@link #step} outputs the rate (no state, no spikes).
 *
 * @param amplitude output scale, &gt; 0 and finite (default 1)
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
    return rateOf(current, amplitude);
  }

  /** {@code amp·[J > 0]} (0 at the kink). */
  @Override
  public double rateDerivative(double current, double dt) {
    return current > 0 ? amplitude : 0.0;
  }

  /** No state: the returned state has size {@code rows × neurons} but is never read. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return new NeuronState(sampleIds.length * neurons, false);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = rateOf(current[k], amplitude);
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    for (int k = 0; k < current.length; k++) {
      out[k] = (float) rateOf(current[k], amplitude);
    }
  }

  private static double rateOf(double j, double amplitude) {
    return amplitude * Math.max(j, 0.0);
  }
}
