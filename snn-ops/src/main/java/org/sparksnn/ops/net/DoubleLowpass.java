package org.sparksnn.ops.net;

/**
 * A first-order lowpass kept in double over a vector of float inputs, {@code y ← a·y + (1 − a)·x}
 * element by element: the filtered readout of an evaluation (its "lowpass output" accuracy). The
 * same bits as the plain loop {@code y[k] = a * y[k] + (1 - a) * x[k]}, eight elements at a time
 * where {@link Simd} allows.
 */
public final class DoubleLowpass {
  private DoubleLowpass() {}

  /**
   * One step over the first {@code n} elements.
   *
   * @param a the decay per step, {@code exp(−dt/τ)}, in {@code [0, 1]}
   * @throws IllegalArgumentException if {@code y} or {@code x} is shorter than {@code n}
   */
  public static void step(double[] y, float[] x, int n, double a) {
    if (y.length < n || x.length < n) {
      throw new IllegalArgumentException(
          String.format(
              "DoubleLowpass: %d elements, got a state of %d and %d inputs", n, y.length, x.length));
    }
    double keep = 1 - a;
    int k = Simd.ENABLED ? VectorLoops.smoothInDouble(y, x, n, a, keep) : 0;
    for (; k < n; k++) {
      y[k] = a * y[k] + keep * x[k];
    }
  }
}
