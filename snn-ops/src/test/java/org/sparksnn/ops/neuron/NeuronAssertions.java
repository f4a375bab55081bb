package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

/** Checks shared by the neuron type tests. */
final class NeuronAssertions {
  private NeuronAssertions() {}

  /**
   * Simulates {@code seconds} of each constant current from zero voltage and asserts the mean
   * output equals {@code model.rate(J, dt)} within one spike over the run, {@code
   * amplitude/seconds}.
   *
   * <p>Why that tolerance: for a constant current every type here fires periodically (the LIF step
   * is exact up to rounding thanks to its refractory and spike-time handling; the relu and Loihi
   * types have a fixed period in steps), and starting from v = 0 the first spike comes no later
   * than one period, so the spike count over T seconds is within one of {@code rate·T}. Returns the
   * simulated rates.
   */
  static double[] assertLongRunRateMatchesFormula(
      NeuronModel model, double dt, double seconds, double... currents) {
    int steps = (int) Math.round(seconds / dt);
    double[] sim = StepResponse.simulate(model, dt, steps, currents).meanRates();
    double tol = model.amplitude() / (steps * dt) * (1 + 1e-9);
    for (int i = 0; i < currents.length; i++) {
      double r = model.rate(currents[i], dt);
      assertEquals(r, sim[i], tol, model + " J=" + currents[i]);
    }
    return sim;
  }

  /**
   * Asserts that the float step equals the double step fed with the float-rounded currents, output
   * rounded to float, and leaves the same state: the only difference between the paths is the
   * rounding of inputs and outputs. Runs {@code steps} steps from a seeded uniform voltage.
   */
  static void assertFloatStepAgreesWithDoubleStep(NeuronModel model, double dt, int steps) {
    double[] currents = {-0.7, 0.0, 0.3, 1.05, 1.7, 2.9, 6.1, 42.3, 137.9, 613.1};
    float[] jf = new float[currents.length];
    double[] jd = new double[currents.length];
    for (int i = 0; i < currents.length; i++) {
      jf[i] = (float) currents[i];
      jd[i] = jf[i];
    }
    long[] ids = {3, 11};
    int n = currents.length / 2;
    NeuronState sd = model.newState(ids, n, InitialVoltage.uniform(42));
    NeuronState sf = model.newState(ids, n, InitialVoltage.uniform(42));
    double[] od = new double[currents.length];
    float[] of = new float[currents.length];
    int nonZero = 0;
    for (int t = 0; t < steps; t++) {
      model.step(dt, jd, od, sd);
      model.step(dt, jf, of, sf);
      for (int i = 0; i < currents.length; i++) {
        assertEquals((float) od[i], of[i], 0f, model + " step " + t + " J=" + jf[i]);
        nonZero += of[i] != 0 ? 1 : 0;
      }
    }
    for (int i = 0; i < currents.length; i++) {
      assertEquals(sd.voltage[i], sf.voltage[i], 0.0, "voltage " + i);
      if (sd.refractoryTime != null) {
        assertEquals(sd.refractoryTime[i], sf.refractoryTime[i], 0.0, "refractory " + i);
      }
    }
    assertTrue(nonZero >= steps / 4, "the check saw output: " + nonZero);
  }

  /**
   * Asserts {@code derivative(J)} equals the central difference of {@code f} at each current, step
   * {@code h = 1e-6·max(1, |J|)}, within {@code 1e-6} relative (truncation {@code h²·f'''/6} and
   * rounding {@code ε·f/h} are both far below that for the curves tested).
   */
  static void assertDerivativeMatchesFiniteDifference(
      String what, DoubleUnaryOperator f, DoubleUnaryOperator derivative, double... currents) {
    for (double j : currents) {
      double h = 1e-6 * Math.max(1, Math.abs(j));
      double fd = (f.applyAsDouble(j + h) - f.applyAsDouble(j - h)) / (2 * h);
      double d = derivative.applyAsDouble(j);
      assertEquals(fd, d, 1e-6 * Math.max(Math.abs(fd), 1e-3), what + " J=" + j);
    }
  }
}
