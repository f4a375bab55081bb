package org.sparksnn.loihi.model;

import java.util.Arrays;
import org.sparksnn.ops.Checks;

/**
 * One on-chip layer of a trained float model: {@code n} compartments fed by a dense weight matrix
 * from the previous layer (or the off-chip input).
 *
 * <p>The input current of neuron {@code j} is {@code J_j = gain_j · Σ_i W[j][i]·x_i + bias_j},
 * where {@code x_i} is the presynaptic output (a spike has value {@code amp_pre/dt}); {@code bias}
 * is in the same per-second units as {@code J} (it is added to J unchanged). Arrays are copied on
 * construction and on access, so a layer is immutable.
 *
 * @param name layer name used in reports and error messages, non-empty
 * @param neuron compartment type
 * @param amplitude output scale of this layer's spikes (a spike is {@code amplitude/dt}), > 0;
 *     default 1
 * @param gain per-neuron gain, length n, finite
 * @param bias per-neuron bias in units of J, length n, finite
 * @param synapseTau lowpass time constant in s of the synapse feeding this layer; 0 = no synapse
 *     (each spike's current lasts one step); default 0
 * @param weights dense float weights {@code [post][pre]} (n rows of equal length)
 * @param blockShape optional core tiling: {@code (k,)} for a flat layer or {@code (rows, cols,
 *     channels)} tiling {@code outputShape}; null = default sequential split
 * @param outputShape optional output volume {@code (rows, cols, channels)} (row-major, channels
 *     last) whose product is n; null = flat
 */
public record LoihiLayer(
    String name,
    NeuronSpec neuron,
    double amplitude,
    double[] gain,
    double[] bias,
    double synapseTau,
    double[][] weights,
    int[] blockShape,
    int[] outputShape) {

  public LoihiLayer {
    Checks.check(name != null && !name.isEmpty(), "LoihiLayer.name", "must be non-empty", name);
    Checks.notNull("LoihiLayer.neuron", neuron);
    Checks.positive("LoihiLayer.amplitude", amplitude);
    Checks.finite("LoihiLayer.amplitude", amplitude);
    Checks.nonNegative("LoihiLayer.synapseTau", synapseTau);
    Checks.notNull("LoihiLayer.weights", weights);
    int n = weights.length;
    Checks.positive("LoihiLayer.weights.rows", n);
    int nPre = weights[0].length;
    Checks.positive("LoihiLayer.weights.columns", nPre);
    double[][] w = new double[n][];
    for (int j = 0; j < n; j++) {
      Checks.check(
          weights[j].length == nPre, "LoihiLayer.weights[" + j + "].length", "must be " + nPre,
          weights[j].length);
      w[j] = weights[j].clone();
      for (double x : w[j]) {
        Checks.finite("LoihiLayer.weights", x);
      }
    }
    weights = w;
    gain = checkedCopy("LoihiLayer.gain", gain, n);
    bias = checkedCopy("LoihiLayer.bias", bias, n);
    if (outputShape != null) {
      Checks.check(outputShape.length == 3, "LoihiLayer.outputShape.length", "must be 3",
          outputShape.length);
      long prod = 1;
      for (int d : outputShape) {
        Checks.positive("LoihiLayer.outputShape", d);
        prod *= d;
      }
      Checks.check(prod == n, "LoihiLayer.outputShape", "product must be " + n,
          Arrays.toString(outputShape));
      outputShape = outputShape.clone();
    }
    if (blockShape != null) {
      int want = outputShape == null ? 1 : 3;
      Checks.check(blockShape.length == want, "LoihiLayer.blockShape.length",
          "must be " + want + " (match outputShape)", blockShape.length);
      for (int d : blockShape) {
        Checks.positive("LoihiLayer.blockShape", d);
      }
      blockShape = blockShape.clone();
    }
  }

  /** A dense layer with unit gain, no synapse, amplitude 1 and the default core split. */
  public static LoihiLayer dense(String name, NeuronSpec neuron, double[][] weights, double[] bias) {
    double[] gain = new double[weights.length];
    Arrays.fill(gain, 1.0);
    return new LoihiLayer(name, neuron, 1.0, gain, bias, 0.0, weights, null, null);
  }

  /** The same layer with another block shape (null = default split). */
  public LoihiLayer withBlockShape(int... shape) {
    return new LoihiLayer(
        name, neuron, amplitude, gain, bias, synapseTau, weights, shape, outputShape);
  }

  /** Number of compartments (neurons) n. */
  public int size() {
    return weights.length;
  }

  /** Number of presynaptic inputs. */
  public int inputSize() {
    return weights[0].length;
  }

  /** Float weight {@code W[post][pre]}. */
  public double weight(int post, int pre) {
    return weights[post][pre];
  }

  /** Gain of neuron {@code j}. */
  public double gainAt(int j) {
    return gain[j];
  }

  /** Bias of neuron {@code j} (units of J). */
  public double biasAt(int j) {
    return bias[j];
  }

  @Override
  public double[] gain() {
    return gain.clone();
  }

  @Override
  public double[] bias() {
    return bias.clone();
  }

  @Override
  public double[][] weights() {
    double[][] w = new double[weights.length][];
    for (int j = 0; j < w.length; j++) {
      w[j] = weights[j].clone();
    }
    return w;
  }

  @Override
  public int[] blockShape() {
    return blockShape == null ? null : blockShape.clone();
  }

  @Override
  public int[] outputShape() {
    return outputShape == null ? null : outputShape.clone();
  }

  private static double[] checkedCopy(String name, double[] values, int n) {
    Checks.notNull(name, values);
    Checks.check(values.length == n, name + ".length", "must be " + n, values.length);
    for (double v : values) {
      Checks.finite(name, v);
    }
    return values.clone();
  }
}
