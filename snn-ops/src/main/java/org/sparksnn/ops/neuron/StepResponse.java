package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * A neuron type's per-step response to constant currents, simulated with the double-precision
 * {@link NeuronModel#step(double, double[], double[], NeuronState)} (the reference path): one
 * neuron per current. Backs {@code spark-snn neuron simulate}.
 *
 * <p>A value holder for printing and plotting: the arrays are shared, not copied, and {@code
 * equals} compares them by identity (as for any record with array components).
 *
 * @param typeName the model's type name
 * @param dt the time step, s
 * @param currents the constant input current of each neuron
 * @param outputs {@code outputs[t][i]}: the output of neuron {@code i} at step {@code t} ({@code
 *     amplitude/dt} per spike for spiking types, the rate for rate types)
 */
public record StepResponse(String typeName, double dt, double[] currents, double[][] outputs) {
  /** At most this many {@code steps × currents} values. */
  public static final long MAX_VALUES = 100_000_000L;

  public StepResponse {
    Checks.notNull("StepResponse.currents", currents);
    Checks.notNull("StepResponse.outputs", outputs);
  }

  /** Simulates {@code steps} steps of {@code model} from zero voltage. */
  public static StepResponse simulate(NeuronModel model, double dt, int steps, double[] currents) {
    return simulate(model, dt, steps, currents, InitialVoltage.zero());
  }

  /**
   * Simulates {@code steps} steps of {@code model} from {@code init}'s voltages (sample id 0,
   * neuron index = index of the current).
   */
  public static StepResponse simulate(
      NeuronModel model, double dt, int steps, double[] currents, InitialVoltage init) {
    Checks.notNull("StepResponse.model", model);
    Checks.notNull("StepResponse.currents", currents);
    Checks.notNull("StepResponse.init", init);
    Checks.finite("StepResponse.dt", Checks.positive("StepResponse.dt", dt));
    Checks.positive("StepResponse.steps", steps);
    Checks.check(
        (long) steps * currents.length <= MAX_VALUES,
        "StepResponse.steps",
        "times currents (" + currents.length + ") must be at most " + MAX_VALUES,
        steps);
    double[] j = currents.clone();
    NeuronState state = model.newState(new long[] {0}, j.length, init);
    double[][] out = new double[steps][j.length];
    for (int t = 0; t < steps; t++) {
      model.step(dt, j, out[t], state);
    }
    return new StepResponse(model.typeName(), dt, j, out);
  }

  /** Number of simulated steps. */
  public int steps() {
    return outputs.length;
  }

  /**
   * The mean output of each neuron over all steps: the simulated rate, Hz × amplitude (for a
   * spiking type, {@code amplitude × spikes / (steps·dt)}).
   */
  public double[] meanRates() {
    double[] mean = new double[currents.length];
    for (double[] row : outputs) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= outputs.length;
    }
    return mean;
  }

  /** The number of steps in which neuron {@code i}'s output was non-zero. */
  public int activeSteps(int i) {
    int n = 0;
    for (double[] row : outputs) {
      if (row[i] != 0) {
        n++;
      }
    }
    return n;
  }
}
