package org.sparksnn.pipeline.loihi;

import java.util.Arrays;
import org.sparksnn.loihi.emulator.HostSpikes;
import org.sparksnn.loihi.model.Conv2D;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronState;

/**
 * The off-chip "to-spikes" layer (nengo-loihi: an ensemble with {@code on_chip = False}): turns
 * time-tiled image intensities into the spikes the host sends to the chip. Its input current is
 * constant over the presentation:
 *
 * <pre>
 * x = factor · intensity                     (intensity = pixel/255 ∈ [0, 1]; factor from rescale layers)
 * J = gain · (conv(x) + bias)                (1×1 conv "to-spikes"), or J = gain · x (plain activation)
 * </pre>
 *
 * and a spiking neuron (at most one spike per step, as the host → chip link carries) is stepped
 * {@code steps} times from its initial voltage. Host step s reaches the chip at step s + 1 (the
 * emulator applies that delay).
 *
 * @param inputShape image shape {@code (rows, cols, channels)} or {@code (n)}
 * @param factor multiplier of the intensities, finite, ≠ 0; default 1
 * @param conv the 1×1 (or any) convolution of a conv to-spikes layer, or null for a plain
 *     activation
 * @param bias per-filter bias of the conv (units of the conv output), or null for none
 * @param gain the layer's {@code scaleFiringRates} s, > 0; the spikes then have amplitude {@code
 *     neuron.amplitude()/s}
 * @param neuron the spiking neuron model stepped off-chip (e.g. {@code loihi-relu})
 * @param init initial voltages of the off-chip neurons, keyed by (sample id, neuron)
 * @param layerName the activation layer's name, for reports
 */
public record OffChipInput(
    int[] inputShape,
    double factor,
    Conv2D conv,
    double[] bias,
    double gain,
    NeuronModel neuron,
    InitialVoltage init,
    String layerName) {

  public OffChipInput {
    Checks.notNull("OffChipInput.inputShape", inputShape);
    inputShape = inputShape.clone();
    Checks.finite("OffChipInput.factor", factor);
    Checks.check(factor != 0, "OffChipInput.factor", "must not be 0", factor);
    Checks.positive("OffChipInput.gain", gain);
    Checks.notNull("OffChipInput.neuron", neuron);
    Checks.check(neuron.spiking(), "OffChipInput.neuron", "must be a spiking type",
        neuron.typeName());
    Checks.notNull("OffChipInput.init", init);
    if (bias != null) {
      Checks.check(conv != null && bias.length == conv.filters(), "OffChipInput.bias.length",
          "must equal the conv filters", bias.length);
      bias = bias.clone();
    }
  }

  /** Number of input intensities per image. */
  public int inputSize() {
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    return n;
  }

  /** Number of off-chip neurons (the chip's input axons' sources). */
  public int size() {
    return conv == null ? inputSize() : conv.outputSize();
  }

  /** Amplitude of the spikes sent to the chip: {@code neuron amplitude / gain}. */
  public double spikeAmplitude() {
    return neuron.amplitude() / gain;
  }

  /** The input currents {@code J} of one image's off-chip neurons, length {@link #size()}. */
  public double[] currents(float[] intensities) {
    Checks.check(intensities.length == inputSize(), "OffChipInput.intensities.length",
        "must be " + inputSize(), intensities.length);
    if (conv == null) {
      double[] j = new double[intensities.length];
      for (int i = 0; i < j.length; i++) {
        j[i] = gain * (factor * intensities[i]);
      }
      return j;
    }
    int[] in = conv.inputShape();
    int[] out = conv.outputShape();
    int[] st = conv.strides();
    int pt = conv.padTop();
    int pl = conv.padLeft();
    double[] j = new double[conv.outputSize()];
    for (int oy = 0; oy < out[0]; oy++) {
      for (int ox = 0; ox < out[1]; ox++) {
        for (int f = 0; f < out[2]; f++) {
          double s = 0;
          for (int ky = 0; ky < conv.kernelRows(); ky++) {
            int iy = oy * st[0] + ky - pt;
            if (iy < 0 || iy >= in[0]) {
              continue;
            }
            for (int kx = 0; kx < conv.kernelCols(); kx++) {
              int ix = ox * st[1] + kx - pl;
              if (ix < 0 || ix >= in[1]) {
                continue;
              }
              for (int c = 0; c < in[2]; c++) {
                s += conv.kernelAt(ky, kx, c, f) * (factor * intensities[(iy * in[1] + ix) * in[2] + c]);
              }
            }
          }
          if (bias != null) {
            s += bias[f];
          }
          j[(oy * out[1] + ox) * out[2] + f] = gain * s;
        }
      }
    }
    return j;
  }

  /**
   * Steps the off-chip neurons of a batch of images for {@code steps} steps of {@code dt} seconds
   * and returns their spikes (computed eagerly; memory about {@code steps · spikes} ints).
   *
   * @param ids sample ids (keys of the initial voltages)
   * @param intensities per image, length {@link #inputSize()}, in [0, 1]
   */
  public HostSpikes spikes(long[] ids, float[][] intensities, int steps, double dt) {
    int batch = ids.length;
    int n = size();
    double[] current = new double[batch * n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(currents(intensities[b]), 0, current, b * n, n);
    }
    NeuronState state = neuron.newState(ids, n, init);
    double[] out = new double[batch * n];
    int[][][] active = new int[steps][batch][];
    int[] buf = new int[n];
    for (int t = 0; t < steps; t++) {
      neuron.step(dt, current, out, state);
      for (int b = 0; b < batch; b++) {
        int k = 0;
        for (int i = 0; i < n; i++) {
          if (out[b * n + i] != 0) {
            buf[k++] = i;
          }
        }
        active[t][b] = Arrays.copyOf(buf, k);
      }
    }
    return HostSpikes.of(active);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public double[] bias() {
    return bias == null ? null : bias.clone();
  }
}
