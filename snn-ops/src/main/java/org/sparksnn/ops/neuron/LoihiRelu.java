package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Float model of Loihi's spiking rectified linear compartment (nengo-loihi's {@code
 * LoihiSpikingRectifiedLinear}).
 *
 * <p>Rate: {@code J > 0 ? (amp/dt) / ceil((1/J)/dt) : 0}. Step: {@code v += J·dt; v = max(v, 0)};
 * spike when {@code v > 1} (strict), then {@code v = 0} (the overshoot is lost), at most one spike
 * per step, output {@code amp/dt}.
 *
 * <p>The two disagree when {@code 1/(J·dt)} is a whole number: at dt = 1 ms, J = 100 the formula
 * gives 100 Hz but the step needs 11 steps per spike (v reaches exactly 1 after 10, which is not
 * {@code > 1}): 90.9 Hz; J = 500 gives 500 vs 333 Hz. Both are implemented faithfully, as in
 * nengo-loihi.
 *
 * <p>Backward pass: the derivative of the continuous relu rate, {@code amp·[J > 0]} (the
 * staircase formula's derivative is zero almost everywhere), as NengoDL trains Loihi neurons.
 *
 * @param amplitude output scale, &gt; 0 (default 1)
 */
public record LoihiRelu(double amplitude) implements NeuronModel {
  public LoihiRelu {
    Checks.positive("loihi-relu.amplitude", amplitude);
    Checks.finite("loihi-relu.amplitude", amplitude);
  }

  /** Amplitude 1. */
  public static LoihiRelu standard() {
    return new LoihiRelu(1.0);
  }

  @Override
  public String typeName() {
    return "loihi-relu";
  }

  @Override
  public boolean spiking() {
    return true;
  }

  @Override
  public double rate(double current, double dt) {
    return current > 0 ? (amplitude / dt) / Math.ceil((1.0 / current) / dt) : 0.0;
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

  private static boolean stepOne(double dt, double j, double[] v, int k) {
    double vk = Math.max(v[k] + j * dt, 0.0);
    boolean spiked = vk > 1;
    v[k] = spiked ? 0.0 : vk;
    return spiked;
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double spike = amplitude / dt;
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], state.voltage, k) ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    float spike = (float) (amplitude / dt);
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], state.voltage, k) ? spike : 0f;
    }
  }
}
