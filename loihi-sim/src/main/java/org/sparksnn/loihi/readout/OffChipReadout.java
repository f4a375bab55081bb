package org.sparksnn.loihi.readout;

import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.ops.Checks;

/**
 * The off-chip dense readout of the last on-chip layer (nengo-loihi's chip → host connection): the
 * layer's spikes, each worth {@code amplitude/dt}, pass through a lowpass synapse and a dense
 * layer, giving class scores at every step.
 *
 * <pre>
 * x_j(t) = count_j(t) · amplitude / dt
 * y_j(t) = a · y_j(t − 1) + (1 − a) · x_j(t),   a = exp(−dt/tau)   (y = x when tau = 0), y(−1) = 0
 * s_o(t) = Σ_j W[o][j] · y_j(t) + bias[o]
 * </pre>
 *
 * The filter is nengo's zero-order-hold {@code Lowpass}; arithmetic is in double.
 *
 * @param weights readout weights {@code [out][in]}, finite, non-empty rows of equal length;
 *     copied
 * @param bias per-output bias, length out, finite; copied
 * @param tau lowpass time constant in s, >= 0; 0 = no filter (the notebook readout uses the
 *     layer's synapse, e.g. 0.005)
 * @param dt time step in s, > 0; default 0.001
 * @param amplitude value of one spike times dt (the layer's amplitude), > 0; default 1
 */
public record OffChipReadout(
    float[][] weights, float[] bias, double tau, double dt, double amplitude) {
  public OffChipReadout {
    Checks.notNull("OffChipReadout.weights", weights);
    Checks.positive("OffChipReadout.weights.rows", weights.length);
    int in = weights[0].length;
    Checks.positive("OffChipReadout.weights.columns", in);
    float[][] w = new float[weights.length][];
    for (int o = 0; o < w.length; o++) {
      Checks.check(weights[o].length == in, "OffChipReadout.weights[" + o + "].length",
          "must be " + in, weights[o].length);
      for (float x : weights[o]) {
        Checks.finite("OffChipReadout.weights", x);
      }
      w[o] = weights[o].clone();
    }
    weights = w;
    Checks.notNull("OffChipReadout.bias", bias);
    Checks.check(bias.length == w.length, "OffChipReadout.bias.length", "must be " + w.length,
        bias.length);
    for (float b : bias) {
      Checks.finite("OffChipReadout.bias", b);
    }
    bias = bias.clone();
    Checks.nonNegative("OffChipReadout.tau", tau);
    Checks.positive("OffChipReadout.dt", dt);
    Checks.positive("OffChipReadout.amplitude", amplitude);
    Checks.finite("OffChipReadout.amplitude", amplitude);
  }

  /**
   * A readout from a Keras dense kernel stored {@code [in][out]} flattened in-major (as {@code
   * weights.npz} holds it) and its bias.
   */
  public static OffChipReadout fromKerasKernel(float[] kernel, int in, int out, float[] bias,
      double tau, double dt, double amplitude) {
    Checks.notNull("OffChipReadout.kernel", kernel);
    Checks.check(kernel.length == in * out, "OffChipReadout.kernel.length",
        "must be in·out = " + in * out, kernel.length);
    float[][] w = new float[out][in];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        w[o][i] = kernel[i * out + o];
      }
    }
    return new OffChipReadout(w, bias, tau, dt, amplitude);
  }

  /** Number of inputs (neurons of the last on-chip layer). */
  public int inputSize() {
    return weights[0].length;
  }

  /** Number of outputs (classes). */
  public int outputSize() {
    return weights.length;
  }

  /**
   * Scores from per-step spike counts {@code counts[stream][step][neuron]} (0 or 1 on the chip).
   */
  public ReadoutScores apply(int[][][] counts) {
    Checks.notNull("OffChipReadout.counts", counts);
    int batch = counts.length;
    Checks.positive("OffChipReadout.counts.streams", batch);
    int steps = counts[0].length;
    Checks.positive("OffChipReadout.counts.steps", steps);
    return apply(batch, steps, (b, t, y) -> {
      int[] c = counts[b][t];
      Checks.check(c.length == inputSize(), "OffChipReadout.counts[" + b + "][" + t + "].length",
          "must be " + inputSize(), c.length);
      for (int j = 0; j < c.length; j++) {
        y[j] = c[j];
      }
    });
  }

  /**
   * Scores from the spikes of on-chip layer {@code layer} of an emulator run recorded with its
   * raster (usually the last layer).
   */
  public ReadoutScores apply(EmulatorRun run, int layer) {
    Checks.notNull("OffChipReadout.run", run);
    Checks.check(run.hasRaster(layer), "OffChipReadout.run",
        "must have the raster of layer " + layer + " (recordRaster)", false);
    Checks.check(run.layerSize(layer) == inputSize(), "OffChipReadout.run.layerSize",
        "must be " + inputSize(), run.layerSize(layer));
    return apply(run.batch(), run.steps(), (b, t, y) -> {
      for (int j = 0; j < y.length; j++) {
        y[j] = run.spiked(layer, t, b, j) ? 1 : 0;
      }
    });
  }

  @FunctionalInterface
  private interface CountSource {
    void counts(int stream, int step, double[] out);
  }

  private ReadoutScores apply(int batch, int steps, CountSource src) {
    int in = inputSize();
    int out = outputSize();
    double a = tau == 0 ? 0.0 : Math.exp(-dt / tau);
    double spike = amplitude / dt;
    double[] x = new double[in];
    double[] y = new double[in];
    double[] scores = new double[batch * steps * out];
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(y, 0.0);
      for (int t = 0; t < steps; t++) {
        src.counts(b, t, x);
        for (int j = 0; j < in; j++) {
          y[j] = a * y[j] + (1 - a) * (x[j] * spike);
        }
        int base = (b * steps + t) * out;
        for (int o = 0; o < out; o++) {
          double s = bias[o];
          float[] w = weights[o];
          for (int j = 0; j < in; j++) {
            s += w[j] * y[j];
          }
          scores[base + o] = s;
        }
      }
    }
    return new ReadoutScores(batch, steps, out, scores);
  }

  @Override
  public float[][] weights() {
    float[][] w = new float[weights.length][];
    for (int o = 0; o < w.length; o++) {
      w[o] = weights[o].clone();
    }
    return w;
  }

  @Override
  public float[] bias() {
    return bias.clone();
  }
}
