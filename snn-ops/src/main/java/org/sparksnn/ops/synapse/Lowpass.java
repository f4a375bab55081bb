package org.sparksnn.ops.synapse;

import org.sparksnn.ops.Checks;

/**
 * First-order lowpass synapse (keras-spiking {@code Lowpass}):
 *
 * <pre>
 * a = exp(−dt / max(tau, 1e−8));   y[k] = a·y[k−1] + (1 − a)·x[k];   y[−1] = initialLevel
 * </pre>
 *
 * <p><b>No extra delay.</b> {@code y[k]} already includes {@code x[k]} (keras-spiking semantics).
 * nengo's simulator instead delays the output of every connection synapse by one step; spark-snn
 * does not, so a nengo model's lowpass output at step {@code k} corresponds to ours at {@code k −
 * 1}.
 *
 * <p>The state is the previous output {@code y[k−1]}, one value per channel, owned by the caller
 * ({@link #newState}); the filter holds only parameters. Steady state for a constant input {@code
 * x} is {@code x}; {@code tau = 0} (or any {@code tau ≤ 1e−8} with {@code dt ≫ 1e−8}) passes the
 * input through.
 *
 * <p><b>Gradient with respect to tau</b> (trainable tau): with {@code g[k] = ∂L/∂y[k] + a·g[k+1]}
 * the total derivative of the loss with respect to {@code y[k]} (backpropagation through time,
 * {@code g[steps] = 0}):
 *
 * <pre>
 * ∂L/∂x[k] = (1 − a)·g[k]
 * ∂L/∂a    = Σ_k g[k]·(y[k−1] − x[k])
 * ∂L/∂tau  = ∂L/∂a · da/dtau,   da/dtau = a·dt/tau²  for tau &gt; 1e−8, else 0
 * </pre>
 *
 * {@link #backward} computes these for one tau shared by all channels; {@link #smoothingDerivative}
 * gives {@code da/dtau} for per-channel taus.
 *
 * @param tau time constant, s, ≥ 0 and finite (keras-spiking's default 0.005)
 * @param initialLevel {@code y[−1]}, finite (default 0)
 */
public record Lowpass(double tau, double initialLevel) implements java.io.Serializable {
  /** The lower bound applied to tau in {@code a}. */
  public static final double MIN_TAU = 1e-8;

  public Lowpass {
    Checks.finite("lowpass.tau", Checks.nonNegative("lowpass.tau", tau));
    Checks.finite("lowpass.initialLevel", initialLevel);
  }

  /** A lowpass with time constant {@code tau} (s) and initial level 0. */
  public static Lowpass of(double tau) {
    return new Lowpass(tau, 0.0);
  }

  /** {@code a = exp(−dt / max(tau, 1e−8))}, in (0, 1) for positive dt. */
  public static double smoothing(double tau, double dt) {
    return Math.exp(-dt / Math.max(tau, MIN_TAU));
  }

  /**
   * {@code da/dtau = a·dt/tau²} for {@code tau > 1e−8}; 0 below, where {@code max} clamps tau (the
   * one-sided derivative from below at exactly 1e−8).
   */
  public static double smoothingDerivative(double tau, double dt) {
    if (!(tau > MIN_TAU)) {
      return 0.0;
    }
    double a = smoothing(tau, dt);
    return a * dt / (tau * tau);
  }

  /** This filter's {@code a} at step {@code dt}. */
  public double smoothing(double dt) {
    return smoothing(tau, dt);
  }

  /** A state of {@code channels} values, each {@code initialLevel}. */
  public double[] newState(int channels) {
    Checks.nonNegative("lowpass.channels", channels);
    double[] y = new double[channels];
    java.util.Arrays.fill(y, initialLevel);
    return y;
  }

  /** A float state of {@code channels} values, each {@code (float) initialLevel}. */
  public float[] newFloatState(int channels) {
    Checks.nonNegative("lowpass.channels", channels);
    float[] y = new float[channels];
    java.util.Arrays.fill(y, (float) initialLevel);
    return y;
  }

  /**
   * One step: {@code y[k] = a·y[k−1] + (1 − a)·x[k]} for every channel. Reads {@code in}, updates
   * {@code state} (the previous output) and writes the new output to {@code out} ({@code out} may
   * be {@code state}).
   */
  public void step(double dt, double[] in, double[] state, double[] out) {
    double a = smoothing(dt);
    double b = 1 - a;
    for (int k = 0; k < in.length; k++) {
      double y = a * state[k] + b * in[k];
      state[k] = y;
      out[k] = y;
    }
  }

  /**
   * The same step on float arrays (the training path): computed in double, the new output rounded
   * to float, which is also the stored state (as the network's float workspace keeps it).
   */
  public void step(double dt, float[] in, float[] state, float[] out) {
    double a = smoothing(dt);
    double b = 1 - a;
    for (int k = 0; k < in.length; k++) {
      float y = (float) (a * state[k] + b * in[k]);
      state[k] = y;
      out[k] = y;
    }
  }

  /**
   * Filters a whole sequence: {@code x} and {@code y} are {@code [steps][channels]} row-major
   * ({@code x[t·channels + c]}), starting from {@code initialLevel}.
   */
  public void filter(double dt, double[] x, int channels, double[] y) {
    checkShape(x.length, channels, "x");
    Checks.check(y.length == x.length, "lowpass.y", "must have length " + x.length, y.length);
    double a = smoothing(dt);
    double b = 1 - a;
    for (int c = 0; c < channels; c++) {
      double prev = initialLevel;
      for (int i = c; i < x.length; i += channels) {
        prev = a * prev + b * x[i];
        y[i] = prev;
      }
    }
  }

  /**
   * Backpropagation through time over a sequence filtered by {@link #filter} (see the type's
   * Javadoc for the equations).
   *
   * @param dt the time step, s
   * @param x the inputs, {@code [steps][channels]} row-major
   * @param y the outputs {@link #filter} produced from {@code x}
   * @param dy {@code ∂L/∂y[t]}, the direct derivative of the loss with respect to each output
   * @param channels the number of channels
   * @param dx receives {@code ∂L/∂x[t]} (same layout), or null if not needed
   * @return {@code ∂L/∂tau}
   */
  public double backward(
      double dt, double[] x, double[] y, double[] dy, int channels, double[] dx) {
    checkShape(x.length, channels, "x");
    Checks.check(y.length == x.length, "lowpass.y", "must have length " + x.length, y.length);
    Checks.check(dy.length == x.length, "lowpass.dy", "must have length " + x.length, dy.length);
    if (dx != null) {
      Checks.check(dx.length == x.length, "lowpass.dx", "must have length " + x.length, dx.length);
    }
    double a = smoothing(dt);
    double b = 1 - a;
    double dLda = 0;
    for (int c = 0; c < channels; c++) {
      double g = 0;
      for (int i = x.length - channels + c; i >= 0; i -= channels) {
        g = dy[i] + a * g;
        double prev = i >= channels ? y[i - channels] : initialLevel;
        dLda += g * (prev - x[i]);
        if (dx != null) {
          dx[i] = b * g;
        }
      }
    }
    double da = smoothingDerivative(tau, dt);
    return da == 0 ? 0.0 : dLda * da;
  }

  private static void checkShape(int length, int channels, String name) {
    Checks.positive("lowpass.channels", channels);
    Checks.check(
        length % channels == 0,
        "lowpass." + name,
        "length must be a multiple of channels (" + channels + ")",
        length);
  }
}
