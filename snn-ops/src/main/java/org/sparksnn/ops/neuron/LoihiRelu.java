package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Float model of Loihi's spiking rectified linear compartment (nengo-loihi 1.1 {@code
 * LoihiSpikingRectifiedLinear}). The chip's integer version belongs to loihi-sim.
 *
 * <p>Rate: {@code J > 0 ? (amp/dt) / ceil((1/J)/dt) : 0} (depends on {@code dt}). Step: {@code v +=
 * J·dt; v = max(v, 0)}; spike when {@code v > 1} (strict), then {@code v = 0} (the overshoot is
 * lost), at most one spike per step, output {@code amp/dt}.
 *
 * <p>The two disagree whenever {@code 1/(J·dt)} is a whole number: the voltage then reaches exactly
 * 1 (or just below it, by rounding) after {@code 1/(J·dt)} steps, which is not {@code > 1}, so the
 * step needs one step more than the formula counts. At dt = 1 ms: J = 100 gives 100 Hz by the
 * formula but a spike every 11 steps (90 spikes in 1 s); J = 500 gives 500 Hz vs a spike every 3
 * steps (333 in 1 s). Both are implemented faithfully, as in nengo-loihi; neither is "fixed".
 *
 * <p>Backward pass: {@link #rateDerivative} is {@code amp·[J > 0]}, the derivative of the
 * continuous relu rate {@code amp·max(J, 0)} that the staircase formula approximates. The staircase
 * itself is piecewise constant in {@code J} (derivative 0 almost everywhere, infinite at the
 * steps), useless for gradient descent; nengo-loihi's NengoDL builder likewise trains with the
 * Loihi rates forward and the plain relu gradient backward.
 *
 * @param amplitude output scale, &gt; 0 and finite (default 1)
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

  /** {@code amp·[J > 0]}: the continuous relu's derivative (see the type's Javadoc for why). */
  @Override
  public double rateDerivative(double current, double dt) {
    return current > 0 ? amplitude : 0.0;
  }

  /** Voltage from {@code init}; no refractory state. */
  @Override
  public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
    return NeuronState.initial(sampleIds, neurons, init, false);
  }

  @Override
  public void step(double dt, double[] current, double[] out, NeuronState state) {
    double spike = amplitude / dt;
    double[] v = state.voltage;
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, k) ? spike : 0.0;
    }
  }

  @Override
  public void step(double dt, float[] current, float[] out, NeuronState state) {
    float spike = (float) (amplitude / dt);
    double[] v = state.voltage;
    for (int k = 0; k < current.length; k++) {
      out[k] = stepOne(dt, current[k], v, k) ? spike : 0f;
    }
  }

  /** One neuron's step: {@code v += J·dt; v = max(v, 0)}; spike iff {@code v > 1}, then 0. */
  private static boolean stepOne(double dt, double j, double[] v, int k) {
    double vk = v[k] + j * dt;
    vk = Math.max(vk, 0.0);
    boolean spiked = vk > 1;
    v[k] = spiked ? 0.0 : vk;
    return spiked;
  }
}
