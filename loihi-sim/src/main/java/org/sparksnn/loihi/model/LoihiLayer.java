package org.sparksnn.loihi.model;

import java.util.Arrays;
import org.sparksnn.ops.Checks;

/**
 * One on-chip layer of a trained float model: {@code n} compartments fed by a dense weight matrix
 * or a shared-weight 2-d convolution ({@link Conv2D}) from the previous layer (or the off-chip
 * input).
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
 * @param weights dense float weights {@code [post][pre]} (n rows of equal length); null for a
 *     convolutional layer
 * @param blockShape optional core tiling: {@code (k,)} for a flat layer or {@code (rows, cols,
 *     channels)} tiling {@code outputShape}; null = default sequential split
 * @param outputShape optional output volume {@code (rows, cols, channels)} (row-major, channels
 *     last) whose product is n; null = flat (a convolutional layer always has its output shape)
 * @param conv the convolution feeding this layer, or null for a dense layer; its gain must be the
 *     same for every neuron (nengo-loihi folds it into the shared kernel)
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
    int[] outputShape,
    Conv2D conv) {

  /** A dense layer (the constructor before convolutional layers existed). */
  public LoihiLayer(
      String name,
      NeuronSpec neuron,
      double amplitude,
      double[] gain,
      double[] bias,
      double synapseTau,
      double[][] weights,
      int[] blockShape,
      int[] outputShape) {
    this(name, neuron, amplitude, gain, bias, synapseTau, weights, blockShape, outputShape, null);
  }

  public LoihiLayer {
    Checks.check(name != null && !name.isEmpty(), "LoihiLayer.name", "must be non-empty", name);
    Checks.notNull("LoihiLayer.neuron", neuron);
    Checks.positive("LoihiLayer.amplitude", amplitude);
    Checks.finite("LoihiLayer.amplitude", amplitude);
    Checks.nonNegative("LoihiLayer.synapseTau", synapseTau);
    int n;
    if (conv != null) {
      Checks.check(weights == null, "LoihiLayer.weights", "must be null for a conv layer",
          "non-null");
      n = conv.outputSize();
      if (outputShape == null) {
        outputShape = conv.outputShape();
      }
      Checks.check(Arrays.equals(outputShape, conv.outputShape()), "LoihiLayer.outputShape",
          "must equal the conv output shape " + Arrays.toString(conv.outputShape()),
          Arrays.toString(outputShape));
    } else {
      Checks.notNull("LoihiLayer.weights", weights);
      n = weights.length;
      Checks.positive("LoihiLayer.weights.rows", n);
      int nPre = weights[0].length;
      Checks.positive("LoihiLayer.weights.columns", nPre);
      double[][] w = new double[n][];
      for (int j = 0; j < n; j++) {
        Checks.check(
            weights[j].length == nPre, "LoihiLayer.weights[" + j + "].length",
            "must be " + nPre, weights[j].length);
        w[j] = weights[j].clone();
        for (double x : w[j]) {
          Checks.finite("LoihiLayer.weights", x);
        }
      }
      weights = w;
    }
    gain = checkedCopy("LoihiLayer.gain", gain, n);
    if (conv != null) {
      for (double g : gain) {
        Checks.check(g == gain[0], "LoihiLayer.gain", "must be the same for every neuron of a conv"
            + " layer (shared weights)", g);
      }
    }
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
  public static LoihiLayer dense(
      String name, NeuronSpec neuron, double[][] weights, double[] bias) {
    double[] gain = new double[weights.length];
    Arrays.fill(gain, 1.0);
    return new LoihiLayer(name, neuron, 1.0, gain, bias, 0.0, weights, null, null);
  }

  /**
   * A convolutional layer with uniform gain; its output shape is the convolution's.
   *
   * @param name layer name
   * @param neuron compartment type
   * @param amplitude output scale of this layer's spikes, > 0
   * @param gain gain of every neuron (shared weights need one gain)
   * @param bias per-neuron bias in units of J, length {@code conv.outputSize()}
   * @param synapseTau lowpass time constant in s of the synapse feeding this layer, 0 = none
   * @param conv the convolution from the previous layer (or the off-chip input)
   * @param blockShape {@code (rows, cols, channels)} core tiling of the output, or null for the
   *     default sequential split
   */
  public static LoihiLayer conv(String name, NeuronSpec neuron, double amplitude, double gain,
      double[] bias, double synapseTau, Conv2D conv, int[] blockShape) {
    Checks.notNull("LoihiLayer.conv", conv);
    double[] g = new double[conv.outputSize()];
    Arrays.fill(g, gain);
    return new LoihiLayer(name, neuron, amplitude, g, bias, synapseTau, null, blockShape,
        conv.outputShape(), conv);
  }

  /** True if this layer is fed by a convolution. */
  public boolean isConv() {
    return conv != null;
  }

  /** The same layer with another block shape (null = default split). */
  public LoihiLayer withBlockShape(int... shape) {
    return new LoihiLayer(
        name, neuron, amplitude, gain, bias, synapseTau, weights, shape, outputShape, conv);
  }

  /** Number of compartments (neurons) n. */
  public int size() {
    return conv != null ? conv.outputSize() : weights.length;
  }

  /** Number of presynaptic inputs. */
  public int inputSize() {
    return conv != null ? conv.inputSize() : weights[0].length;
  }

  /** Float weight {@code W[post][pre]}. */
  public double weight(int post, int pre) {
    return conv != null ? conv.weight(post, pre) : weights[post][pre];
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

  /**
   * Dense weights {@code [post][pre]} (a copy). For a conv layer this is the dense expansion of
   * the kernel: {@code n·nPre} doubles, which can be large.
   */
  @Override
  public double[][] weights() {
    if (conv != null) {
      double[][] d = new double[size()][inputSize()];
      for (int j = 0; j < d.length; j++) {
        for (int i = 0; i < d[j].length; i++) {
          d[j][i] = conv.weight(j, i);
        }
      }
      return d;
    }
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
