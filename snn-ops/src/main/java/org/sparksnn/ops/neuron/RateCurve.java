package org.sparksnn.ops.neuron;

import org.sparksnn.ops.Checks;

/**
 * A neuron type's rate curve as a table: {@code rates[i] = model.rate(currents[i], dt)}, Hz ×
 * amplitude, computed in double precision. Backs {@code spark-snn neuron rates}.
 *
 * <p>A value holder for printing and plotting: the arrays are shared, not copied, and {@code
 * equals} compares them by identity (as for any record with array components).
 *
 * @param typeName the model's type name
 * @param dt the time step the rates were computed for, s (loihi types depend on it)
 * @param currents the input currents J, ascending
 * @param rates the steady-state rates, Hz × amplitude, one per current
 */
public record RateCurve(String typeName, double dt, double[] currents, double[] rates) {
  /** At most this many points per curve. */
  public static final int MAX_POINTS = 10_000_000;

  public RateCurve {
    Checks.notNull("RateCurve.currents", currents);
    Checks.notNull("RateCurve.rates", rates);
    Checks.check(
        rates.length == currents.length,
        "RateCurve.rates",
        "must have one entry per current (" + currents.length + ")",
        rates.length);
  }

  /**
   * The rate curve of {@code model} at {@code dt} over the currents {@code from, from + step, …, ≤
   * to} (see {@link #currents}).
   */
  public static RateCurve of(NeuronModel model, double dt, double from, double to, double step) {
    return of(model, dt, currents(from, to, step));
  }

  /** The rate curve of {@code model} at {@code dt} for the given currents. */
  public static RateCurve of(NeuronModel model, double dt, double[] currents) {
    Checks.notNull("RateCurve.model", model);
    Checks.finite("RateCurve.dt", Checks.positive("RateCurve.dt", dt));
    double[] r = new double[currents.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = model.rate(currents[i], dt);
    }
    return new RateCurve(model.typeName(), dt, currents.clone(), r);
  }

  /**
   * The currents {@code from + i·step} for {@code i = 0, 1, …} while {@code ≤ to} (up to a
   * tolerance of 1e-9 steps, so that {@code to} itself is included despite rounding); each is
   * computed from {@code i}, so no rounding accumulates.
   *
   * @throws IllegalArgumentException if {@code step ≤ 0}, {@code to < from}, a bound is not finite
   *     or there would be more than {@link #MAX_POINTS} points
   */
  public static double[] currents(double from, double to, double step) {
    Checks.finite("RateCurve.from", from);
    Checks.finite("RateCurve.to", to);
    Checks.finite("RateCurve.step", Checks.positive("RateCurve.step", step));
    Checks.check(to >= from, "RateCurve.to", "must be >= from (" + from + ")", to);
    double count = Math.floor((to - from) / step + 1e-9) + 1;
    Checks.check(
        count <= MAX_POINTS, "RateCurve.points", "must be at most " + MAX_POINTS, (long) count);
    double[] j = new double[(int) count];
    for (int i = 0; i < j.length; i++) {
      j[i] = from + i * step;
    }
    return j;
  }

  /** Number of points. */
  public int size() {
    return currents.length;
  }
}
