package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * Inspects a neuron type in double precision (the reference path): its rate curve and its
 * per-step response to constant currents. Backs {@code spark-snn neuron rates|simulate}.
 */
public final class NeuronProbe {
  private NeuronProbe() {}

  /**
   * The currents {@code from, from + step, …, ≤ to} (computed as {@code from + i·step}, no
   * accumulated rounding).
   */
  public static double[] currents(double from, double to, double step) {
    Checks.positive("step", step);
    Checks.check(to >= from, "to", "must be >= from (" + from + ")", to);
    long n = (long) Math.floor((to - from) / step + 1e-9) + 1;
    Checks.check(n <= 10_000_000, "currents", "must be at most 10,000,000 points", n);
    double[] j = new double[(int) n];
    for (int i = 0; i < n; i++) {
      j[i] = from + i * step;
    }
    return j;
  }

  /** {@code model.rate(J, dt)} for each current, Hz × amplitude. */
  public static double[] rates(NeuronModel model, double dt, double[] currents) {
    Checks.positive("dt", dt);
    double[] r = new double[currents.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = model.rate(currents[i], dt);
    }
    return r;
  }

  /**
   * Per-step outputs {@code [steps][currents]} of one neuron per current, each driven by its
   * constant current from {@code init}'s voltage (sample id 0, neuron index = current index).
   */
  public static double[][] simulate(
      NeuronModel model, double dt, int steps, double[] currents, InitialVoltage init) {
    Checks.positive("dt", dt);
    Checks.positive("steps", steps);
    NeuronState state = model.newState(new long[] {0}, currents.length, init);
    double[][] out = new double[steps][currents.length];
    for (int t = 0; t < steps; t++) {
      model.step(dt, currents, out[t], state);
    }
    return out;
  }

  /** Mean output over {@code steps} steps from zero voltage: the simulated rate. */
  public static double[] simulatedRates(NeuronModel model, double dt, int steps, double[] currents) {
    double[][] out = simulate(model, dt, steps, currents, InitialVoltage.zero());
    double[] mean = new double[currents.length];
    for (double[] row : out) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= steps;
    }
    return mean;
  }
}
