package org.sparksnn.pipeline.loihi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.model.Conv2D;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.loihi.model.Padding;
import org.sparksnn.loihi.readout.OffChipReadout;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * A trained model split into the off-chip input, the on-chip layers and the off-chip readout, as
 * nengo-loihi runs a converted Keras model.
 *
 * <p>Mapping rules, in layer order:
 *
 * <ol>
 *   <li>Leading {@code rescale} layers multiply the intensities (pixel/255) fed to the off-chip
 *       input layer.
 *   <li>Off-chip "to-spikes" layer: if the model starts (after rescale) with an {@code activation},
 *       or with a {@code conv2d} followed by an activation, that layer runs on the host ({@link
 *       OffChipInput}) from time-tiled intensities and its spikes drive the chip. Otherwise (the
 *       model starts with {@code dense}) the config's spike encoder drives the first on-chip layer;
 *       its spikes have amplitude {@code dt}, so each is the input of 1 the network trained on.
 *   <li>Each {@code conv2d} or {@code dense} followed by an {@code activation} is one on-chip
 *       layer (conv: shared weights, {@link Conv2D}); relu, spiking-relu and loihi-relu run as
 *       Loihi's spiking relu, lif, lif-rate and loihi-lif as Loihi's LIF with the layer's tauRc /
 *       tauRef. The activation's {@code scaleFiringRates} s becomes gain s, bias × s and amplitude ÷
 *       s (nengo-dl's converter). {@code flatten} is a no-op (both sides are row-major, channels
 *       last).
 *   <li>A {@code lowpass} after an activation is the synapse of the connection out of that layer:
 *       into the next on-chip layer, or, after the last on-chip layer, the filter of the readout.
 *   <li>A final {@code dense} without activation is the off-chip readout: with a synapse it reads
 *       the lowpass-filtered spikes of the last on-chip layer at the last step (nengo-loihi's
 *       chip → host connection); without one, their mean rate over the steps.
 * </ol>
 *
 * Anything else is rejected, naming the layer. Block shapes are looked up by the weight layer's
 * name (e.g. {@code conv0}) or its activation's name; a name that matches no on-chip layer is an
 * error.
 *
 * @param network the on-chip layers (input: the off-chip layer's or the encoder's spikes)
 * @param input the off-chip to-spikes layer, or null when the encoder drives the chip
 * @param readout the off-chip dense readout, or null (class = most active neuron)
 * @param filteredReadout true: the readout reads the lowpass-filtered spikes at the last step
 *     (the readout's tau); false: the mean rate over the steps
 */
public record ChipModel(
    LoihiNetwork network, OffChipInput input, OffChipReadout readout, boolean filteredReadout) {

  /**
   * Maps {@code spec} with weights {@code w}. Apply neuron swaps, scales and synapses to the spec
   * first (e.g. with the sweep's {@code PointNetwork}).
   *
   * @param blockShapes explicit core tilings by weight-layer or activation name: {@code (rows,
   *     cols, channels)} for a conv layer, {@code (n,)} for a dense one; each name must match an
   *     on-chip layer (errors call them {@code blockShapes})
   */
  public static ChipModel of(NetworkSpec spec, ParameterSet w, Map<String, int[]> blockShapes) {
    return of(spec, w, blockShapes, "blockShapes");
  }

  /**
   * {@link #of(NetworkSpec, ParameterSet, Map)}, naming the block shapes {@code blockShapesName}
   * in errors: a name that matches no on-chip layer (e.g. {@code "loihi.blockShapes: no on-chip
   * layer 'densex'; on-chip layers: dense0 (act0)"}), two names for one layer, or a shape of the
   * wrong length or with a size &lt; 1 for its layer.
   *
   * @param blockShapesName where the block shapes come from, e.g. {@code loihi.blockShapes} or
   *     {@code --block-shape}
   */
  public static ChipModel of(
      NetworkSpec spec, ParameterSet w, Map<String, int[]> blockShapes, String blockShapesName) {
    return of(spec, w, blockShapes, blockShapesName, spec.dt());
  }

  /**
   * {@link #of(NetworkSpec, ParameterSet, Map, String)} with the amplitude of the host's input
   * spikes when no off-chip layer makes them: a spike is worth {@code hostSpikeAmplitude/dt}.
   * {@code dt} (the default) makes it the input of 1 the network saw from a spike encoder in
   * training; 1 is nengo-loihi's convention for a spiking input (a spike of {@code 1/dt}), which
   * {@code loihi-emulate} uses to check models against nengo-loihi's own runs.
   *
   * @param hostSpikeAmplitude {@code > 0}
   */
  public static ChipModel of(NetworkSpec spec, ParameterSet w, Map<String, int[]> blockShapes,
      String blockShapesName, double hostSpikeAmplitude) {
    Checks.positive("hostSpikeAmplitude", hostSpikeAmplitude);
    List<LayerSpec> layers = spec.layers();
    Set<String> usedShapes = new HashSet<>();
    List<String> chipNames = new ArrayList<>();
    int[] shape = spec.inputShape();
    int i = 0;
    double factor = 1;
    while (i < layers.size() && layers.get(i) instanceof LayerSpec.Rescale r) {
      if (r.offset() != 0) {
        throw unsupported(r, "a rescale layer with an offset (" + r.offset() + ") cannot be mapped");
      }
      factor *= r.factor();
      i++;
    }
    OffChipInput input = null;
    int toSpikes = toSpikesLength(layers, i);
    if (toSpikes == 1) {
      input = offChip(spec, shape, factor, null, null, (LayerSpec.Activation) layers.get(i), i);
      i++;
    } else if (toSpikes == 2) {
      LayerSpec.Conv2d c = (LayerSpec.Conv2d) layers.get(i);
      Conv2D conv = conv(c, shape, w);
      input = offChip(spec, shape, factor, conv, convBias(c, w),
          (LayerSpec.Activation) layers.get(i + 1), i + 1);
      shape = conv.outputShape();
      i += 2;
    } else if (factor != 1) {
      throw unsupported(layers.get(i - 1),
          "a rescale layer needs an off-chip to-spikes layer (activation or conv2d + activation)"
              + " after it");
    }
    int inputSize = input == null ? flat(shape) : input.size();
    double inputAmp = input == null ? hostSpikeAmplitude : input.spikeAmplitude();
    double pendingTau = 0;
    if (input != null && i < layers.size() && layers.get(i) instanceof LayerSpec.Lowpass lp) {
      pendingTau = tau(lp, w);
      i++;
    }
    List<LoihiLayer> chip = new ArrayList<>();
    OffChipReadout readout = null;
    double readoutTau = 0;
    while (i < layers.size()) {
      LayerSpec l = layers.get(i);
      if (l instanceof LayerSpec.Flatten) {
        shape = new int[] {flat(shape)};
        i++;
        continue;
      }
      boolean isConv = l instanceof LayerSpec.Conv2d;
      if (!isConv && !(l instanceof LayerSpec.Dense)) {
        throw unsupported(l, "only conv2d, dense, activation, lowpass, flatten and leading"
            + " rescale layers map to the chip");
      }
      if (i + 1 >= layers.size() && l instanceof LayerSpec.Dense d) {
        readoutTau = pendingTau;
        readout = readout(d, w, flat(shape), readoutTau, spec.dt(),
            chip.isEmpty() ? inputAmp : chip.get(chip.size() - 1).amplitude());
        i++;
        break;
      }
      if (i + 1 >= layers.size() || !(layers.get(i + 1) instanceof LayerSpec.Activation a)) {
        throw unsupported(i + 1 < layers.size() ? layers.get(i + 1) : l,
            "a " + (isConv ? "conv2d" : "dense") + " layer on the chip must be followed by an"
                + " activation");
      }
      double s = a.scaleFiringRates();
      double amp = a.params().getOrDefault("amplitude", 1.0);
      int[] block = blockShape(blockShapes, blockShapesName, l, a, usedShapes);
      chipNames.add(l.name() + " (" + a.name() + ")");
      if (l instanceof LayerSpec.Conv2d c) {
        Conv2D conv = conv(c, shape, w);
        double[] fb = convBias(c, w);
        int n = conv.outputSize();
        int nf = conv.filters();
        double[] bias = new double[n];
        for (int j = 0; j < n; j++) {
          bias[j] = fb == null ? 0 : s * fb[j % nf];
        }
        chip.add(LoihiLayer.conv(
            c.name(), neuron(a), amp / s, s, bias, pendingTau, conv, block));
        shape = conv.outputShape();
      } else {
        LayerSpec.Dense d = (LayerSpec.Dense) l;
        if (shape.length != 1) {
          throw unsupported(d, "a dense layer needs a flat input; add a flatten layer");
        }
        int size = shape[0];
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
        chip.add(new LoihiLayer(
            d.name(), neuron(a), amp / s, gain, bias, pendingTau, weights, block, null));
        shape = new int[] {d.units()};
      }
      pendingTau = 0;
      i += 2;
      if (i < layers.size() && layers.get(i) instanceof LayerSpec.Lowpass lp) {
        pendingTau = tau(lp, w);
        i++;
      }
    }
    if (i < layers.size()) {
      throw unsupported(layers.get(i), "nothing may follow the off-chip readout dense layer");
    }
    if (chip.isEmpty()) {
      throw new DataFormatException(
          "model has no conv2d/dense + activation layer to put on the chip");
    }
    if (readout == null && pendingTau > 0) {
      throw new DataFormatException(
          "a lowpass after the last on-chip layer needs an off-chip readout dense layer after it");
    }
    for (String name : blockShapes.keySet()) {
      if (!usedShapes.contains(name)) {
        String where = layers.stream().anyMatch(l -> l.name().equals(name))
            ? " (layer '" + name + "' runs off-chip)" : "";
        throw new IllegalArgumentException(blockShapesName + ": no on-chip layer '" + name + "'"
            + where + "; on-chip layers: " + String.join(", ", chipNames));
      }
    }
    return new ChipModel(
        new LoihiNetwork(inputSize, inputAmp, spec.dt(), chip), input, readout, readoutTau > 0);
  }

  /**
   * True if {@code spec} starts (after its leading {@code rescale} layers) with an off-chip
   * to-spikes layer, an activation or a conv2d with its activation, which turns the pixels into
   * the chip's input spikes; false if a spike encoder must drive the chip.
   */
  public static boolean hasOffChipInput(NetworkSpec spec) {
    List<LayerSpec> layers = spec.layers();
    int i = 0;
    while (i < layers.size() && layers.get(i) instanceof LayerSpec.Rescale) {
      i++;
    }
    return toSpikesLength(layers, i) > 0;
  }

  /**
   * How many layers from {@code i} make the off-chip to-spikes layer: 1 (an activation), 2 (a
   * conv2d and its activation) or 0 (none).
   */
  private static int toSpikesLength(List<LayerSpec> layers, int i) {
    if (i < layers.size() && layers.get(i) instanceof LayerSpec.Activation) {
      return 1;
    }
    boolean conv = i + 1 < layers.size()
        && layers.get(i) instanceof LayerSpec.Conv2d
        && layers.get(i + 1) instanceof LayerSpec.Activation;
    return conv ? 2 : 0;
  }

  /**
   * The block shape of the on-chip layer of weight layer {@code l} and activation {@code a}, looked
   * up by either name (not both), or null; checks its length (3 for conv, 1 for dense) and sizes.
   */
  private static int[] blockShape(Map<String, int[]> blockShapes, String blockShapesName,
      LayerSpec l, LayerSpec.Activation a, Set<String> used) {
    boolean byLayer = blockShapes.containsKey(l.name());
    boolean byActivation = blockShapes.containsKey(a.name());
    if (byLayer && byActivation) {
      throw new IllegalArgumentException(blockShapesName + ": both '" + l.name() + "' and '"
          + a.name() + "' name on-chip layer " + l.name() + " (" + a.name() + "); give one");
    }
    if (!byLayer && !byActivation) {
      return null;
    }
    String name = byLayer ? l.name() : a.name();
    used.add(name);
    int[] block = blockShapes.get(name);
    boolean conv = l instanceof LayerSpec.Conv2d;
    int want = conv ? 3 : 1;
    if (block == null || block.length != want) {
      throw new IllegalArgumentException(blockShapesName + ": layer '" + name + "' is a "
          + (conv ? "conv2d layer and takes 3 sizes [rows, cols, channels]"
              : "dense layer and takes 1 size [n]")
          + ", got " + (block == null ? "none" : Arrays.toString(block)));
    }
    for (int d : block) {
      if (d < 1) {
        throw new IllegalArgumentException(blockShapesName + ": layer '" + name
            + "' sizes must be > 0, got " + Arrays.toString(block));
      }
    }
    return block;
  }

  private static OffChipInput offChip(NetworkSpec spec, int[] shape, double factor, Conv2D conv,
      double[] bias, LayerSpec.Activation a, int index) {
    String type = switch (a.neuron()) {
      case "relu", "spiking-relu", "loihi-relu" -> "loihi-relu";
      case "lif", "lif-rate" -> "lif";
      case "loihi-lif" -> "loihi-lif";
      default -> throw unsupported(a, "neuron '" + a.neuron() + "' cannot run as the off-chip"
          + " to-spikes layer");
    };
    Map<String, Double> params = new java.util.LinkedHashMap<>();
    List<String> accepted = NeuronTypes.parameterNames(type);
    a.params().forEach((k, v) -> {
      if (accepted.contains(k)) {
        params.put(k, v);
      }
    });
    NeuronModel neuron = NeuronTypes.create(type, params);
    InitialVoltage init = spec.initialVoltage().forLayer(index);
    return new OffChipInput(shape, factor, conv, bias, a.scaleFiringRates(), neuron, init,
        a.name());
  }

  private static Conv2D conv(LayerSpec.Conv2d c, int[] shape, ParameterSet w) {
    if (shape.length != 3) {
      throw unsupported(c, "conv2d needs an [h, w, c] input, got " + Arrays.toString(shape));
    }
    int k = c.kernel();
    int cin = shape[2];
    int nf = c.filters();
    float[] flat = w.get(c.name() + "/kernel");
    double[][][][] kernel = new double[k][k][cin][nf];
    int idx = 0;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        for (int ch = 0; ch < cin; ch++) {
          for (int f = 0; f < nf; f++) {
            kernel[a][b][ch][f] = flat[idx++];
          }
        }
      }
    }
    Padding pad = c.padding() == LayerSpec.Padding.SAME ? Padding.SAME : Padding.VALID;
    return new Conv2D(shape, kernel, new int[] {c.stride(), c.stride()}, pad);
  }

  private static double[] convBias(LayerSpec.Conv2d c, ParameterSet w) {
    if (!c.useBias()) {
      return null;
    }
    float[] b = w.get(c.name() + "/bias");
    double[] out = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      out[j] = b[j];
    }
    return out;
  }

  private static OffChipReadout readout(
      LayerSpec.Dense d, ParameterSet w, int in, double tau, double dt, double amplitude) {
    float[] kernel = w.get(d.name() + "/kernel");
    float[] bias = d.useBias() ? w.get(d.name() + "/bias") : new float[d.units()];
    return OffChipReadout.fromKerasKernel(kernel, in, d.units(), bias, tau, dt, amplitude);
  }

  /** The lowpass's time constant in s: its (uniform) stored tau if any, else the spec's. */
  private static double tau(LayerSpec.Lowpass lp, ParameterSet w) {
    String key = lp.name() + "/tau";
    if (!w.contains(key)) {
      return lp.tau();
    }
    float[] t = w.get(key);
    for (float x : t) {
      if (x != t[0]) {
        throw unsupported(lp, "per-channel synapse taus differ (" + t[0] + " vs " + x
            + "); a Loihi connection has one synapse");
      }
    }
    // stored as float32: use the spec's double when it is the same value (0.005, not 0.00499999…)
    return t[0] == (float) lp.tau() ? lp.tau() : t[0];
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
   * Class scores of one stream from the last on-chip layer's spike counts over {@code steps}
   * steps: their mean rates (count × amplitude / (steps·dt)) through the readout dense layer, or
   * the counts themselves when the model has no readout layer.
   */
  public float[] readout(int[] counts, int steps) {
    if (readout == null) {
      float[] out = new float[counts.length];
      for (int j = 0; j < counts.length; j++) {
        out[j] = counts[j];
      }
      return out;
    }
    LoihiLayer lastLayer = network.layers().get(network.layers().size() - 1);
    double scale = lastLayer.amplitude() / (steps * network.dt());
    float[][] wt = readout.weights();
    float[] b = readout.bias();
    float[] out = new float[wt.length];
    for (int k = 0; k < wt.length; k++) {
      double sum = b[k];
      for (int j = 0; j < counts.length; j++) {
        sum += counts[j] * scale * wt[k][j];
      }
      out[k] = (float) sum;
    }
    return out;
  }

  /**
   * The predicted class of every stream of {@code run}: the filtered readout at the last step (if
   * {@link #filteredReadout()}; needs the last layer's raster), else the mean-rate readout.
   */
  public int[] predict(EmulatorRun run) {
    int last = run.layers().size() - 1;
    int[] pred = new int[run.batch()];
    if (readout != null && filteredReadout) {
      var scores = readout.apply(run, last);
      for (int b = 0; b < pred.length; b++) {
        pred[b] = scores.prediction(b);
      }
      return pred;
    }
    int n = run.layerSize(last);
    int[] counts = new int[n];
    for (int b = 0; b < pred.length; b++) {
      for (int j = 0; j < n; j++) {
        counts[j] = run.spikeCount(last, b, j);
      }
      float[] s = readout(counts, run.steps());
      pred[b] = Loss.argmax(s, 0, s.length);
    }
    return pred;
  }

  /** Names of the on-chip layers, in order. */
  public List<String> chipLayerNames() {
    return network.layers().stream().map(LoihiLayer::name).toList();
  }
}
