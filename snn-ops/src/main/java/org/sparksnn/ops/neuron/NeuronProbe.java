package org.sparksnn.ops.neuron;

/**
 * Array-level shortcuts over {@link RateCurve} and {@link StepResponse} for the {@code spark-snn
 * neuron rates|simulate} commands: everything in double precision (the reference path).
 */
public final class NeuronProbe {
  private NeuronProbe() {}

  /** The currents {@code from + i·step ≤ to}: {@link RateCurve#currents}. */
  public static double[] currents(double from, double to, double step) {
    return RateCurve.currents(from, to, step);
  }

  /** {@code model.rate(J, dt)} for each current, Hz × amplitude. */
  public static double[] rates(NeuronModel model, double dt, double[] currents) {
    return RateCurve.of(model, dt, currents).rates();
  }

  /**
   * Per-step outputs {@code [steps][currents]} of one neuron per current, each driven by its
   * constant current from {@code init}'s voltage (sample id 0, neuron index = current index).
   */
  public static double[][] simulate(
      NeuronModel model, double dt, int steps, double[] currents, InitialVoltage init) {
    return StepResponse.simulate(model, dt, steps, currents, init).outputs();
  }

  /** Mean output over {@code steps} steps from zero voltage: the simulated rate. */
  public static double[] simulatedRates(
      NeuronModel model, double dt, int steps, double[] currents) {
    return StepResponse.simulate(model, dt, steps, currents).meanRates();
  }
}
