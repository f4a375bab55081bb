package org.sparksnn.pipeline.loihi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;

/**
 * A trained dense model split into the part that runs on the chip and the off-chip readout.
 *
 * <p>Mapping rules: input spikes come from the host (off-chip encoder) and drive the first
 * on-chip layer. Each {@code dense} followed by an {@code activation} becomes one on-chip layer
 * (relu, spiking-relu and loihi-relu run as Loihi's spiking relu; lif, lif-rate and loihi-lif as
 * Loihi's LIF with the layer's tauRc / tauRef). The activation's {@code scaleFiringRates} s becomes
 * gain s, bias × s and amplitude ÷ s (as nengo-loihi). A {@code lowpass} after an activation is
 * the synapse of the connection into the next layer. A final {@code dense} without activation is
 * the off-chip readout, applied to the last on-chip layer's mean rate over the steps. {@code flatten} is ignored for
 * flat inputs. Anything else is rejected, naming the layer.
 *
 * @param network the on-chip layers
 * @param readoutKernel off-chip readout kernel {@code [in, out]} row-major, or null
 * @param readoutBias off-chip readout bias, or null
 * @param readoutOut readout outputs (classes), 0 if none
 */
public record ChipModel(
    LoihiNetwork network,
    float[] readoutKernel,
    float[] readoutBias,
    int readoutOut) {

  /**
   * Maps {@code spec} with weights {@code w}.
   *
   * @param blockShapes per on-chip layer name (the dense layer's name), an explicit core tiling
   */
  public static ChipModel of(NetworkSpec spec, ParameterSet w, Map<String, int[]> blockShapes) {
    List<LayerSpec> layers = spec.layers();
    int[] in = spec.inputShape();
    int size = in.length == 1 ? in[0] : in[0] * in[1] * in[2];
    List<LoihiLayer> chip = new ArrayList<>();
    double pendingTau = 0;
    float[] readoutKernel = null;
    float[] readoutBias = null;
    int readoutOut = 0;
    int i = 0;
    while (i < layers.size()) {
      LayerSpec l = layers.get(i);
      if (l instanceof LayerSpec.Flatten) {
        i++;
        continue;
      }
      if (!(l instanceof LayerSpec.Dense d)) {
        throw unsupported(
            l, "only dense, activation, lowpass and flatten layers map to the chip");
      }
      boolean last = i + 1 >= layers.size();
      if (last) {
        readoutOut = d.units();
        readoutKernel = w.get(d.name() + "/kernel").clone();
        readoutBias = d.useBias() ? w.get(d.name() + "/bias").clone() : new float[d.units()];
        i++;
        continue;
      }
      if (!(layers.get(i + 1) instanceof LayerSpec.Activation a)) {
        throw unsupported(layers.get(i + 1), "a dense layer on the chip must be followed by an activation");
      }
      double s = a.scaleFiringRates();
      double amp = a.params().getOrDefault("amplitude", 1.0);
      double[][] weights = new double[d.units()][size];
      float[] kernel = w.get(d.name() + "/kernel");
      for (int pre = 0; pre < size; pre++) {
        for (int post = 0; post < d.units(); post++) {
          weights[post][pre] = kernel[pre * d.units() + post];
        }
      }
      double[] gain = new double[d.units()];
      double[] bias = new double[d.units()];
      float[] b = d.useBias() ? w.get(d.name() + "/bias") : null;
      for (int j = 0; j < d.units(); j++) {
        gain[j] = s;
        bias[j] = b == null ? 0 : s * b[j];
      }
      chip.add(
          new LoihiLayer(
              d.name(),
              neuron(a),
              amp / s,
              gain,
              bias,
              pendingTau,
              weights,
              blockShapes.get(d.name()),
              null));
      pendingTau = 0;
      size = d.units();
      i += 2;
      if (i < layers.size() && layers.get(i) instanceof LayerSpec.Lowpass lp) {
        pendingTau = lp.tau();
        i++;
      }
    }
    if (pendingTau > 0) {
      throw new DataFormatException(
          "a lowpass after the last on-chip layer is not supported: the off-chip readout uses the"
              + " mean rate over the steps");
    }
    if (chip.isEmpty()) {
      throw new DataFormatException("model has no dense + activation layer to put on the chip");
    }
    return new ChipModel(
        new LoihiNetwork(flat(spec.inputShape()), 1.0, spec.dt(), chip),
        readoutKernel,
        readoutBias,
        readoutOut);
  }

  private static int flat(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static NeuronSpec neuron(LayerSpec.Activation a) {
    Map<String, Double> p = a.params();
    return switch (a.neuron()) {
      case "relu", "spiking-relu", "loihi-relu" -> NeuronSpec.relu();
      case "lif", "lif-rate", "loihi-lif" ->
          NeuronSpec.lif(p.getOrDefault("tauRc", 0.02), p.getOrDefault("tauRef", 0.002));
      default -> throw unsupported(a, "neuron '" + a.neuron() + "' has no Loihi equivalent");
    };
  }

  private static DataFormatException unsupported(LayerSpec l, String why) {
    return new DataFormatException(
        "layer '" + l.name() + "' (" + l.getClass().getSimpleName().toLowerCase() + "): " + why);
  }

  /**
   * Class scores of one stream from the last on-chip layer's output: its rates (spike count ×
   * amplitude / (steps·dt)) through the readout dense layer, or the spike counts themselves when
   * the model has no readout layer.
   */
  public float[] readout(int[] counts, int steps) {
    if (readoutKernel == null) {
      float[] out = new float[counts.length];
      for (int j = 0; j < counts.length; j++) {
        out[j] = counts[j];
      }
      return out;
    }
    LoihiLayer lastLayer = network.layers().get(network.layers().size() - 1);
    double scale = lastLayer.amplitude() / (steps * network.dt());
    int n = counts.length;
    float[] out = new float[readoutOut];
    for (int k = 0; k < readoutOut; k++) {
      double sum = readoutBias[k];
      for (int j = 0; j < n; j++) {
        sum += counts[j] * scale * readoutKernel[j * readoutOut + k];
      }
      out[k] = (float) sum;
    }
    return out;
  }
}
