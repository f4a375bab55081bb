package org.sparksnn.pipeline.loihi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.TimeTiledInput;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * Automatic per-layer {@code scale_firing_rates}: sets each activation's scale so that its mean
 * firing rate reaches a target, as NengoDL's "Keras to Loihi" notebook does by hand ({@code
 * scale = target / mean_rate}).
 *
 * <p>Method. The model runs once as a rate network (one step; relu-type activations as {@code
 * relu}, LIF types as {@code lif-rate}; lowpass layers dropped) on sample images, and the input
 * current {@code J} of every activation is recorded. For each activation, with the neuron type it
 * will be evaluated with (its own, or {@code neuron}), the mean rate at scale s is
 *
 * <pre>
 * rate(s) = mean over images of ( mean over active neurons of r(s·J) / amplitude )   [Hz]
 * </pre>
 *
 * where a neuron is active if {@code r(s·J) > 0} and images without active neurons are skipped
 * (the notebook's "mean rate of the active neurons"). The scale solves {@code rate(s) = target}:
 * exactly {@code target / rate(1)} for relu-type rate curves, by bisection on {@code log s}
 * otherwise (loihi-relu's rate is a staircase, so the reached rate is the first step at or above
 * the target); scales are then rounded up to 6 significant digits, so the reached rate is at most
 * 1e-5 above the target for relu. Layers are solved independently from the rate network's currents, so, as in the
 * notebook, a swapped neuron type that changes the next layer's input moves that layer's rate.
 * No Spark; a pure function of its inputs.
 */
public final class ScaleSearch {
  /** The {@code neuron} argument that picks each activation's Loihi equivalent. */
  public static final String LOIHI = "loihi";

  private static final int BISECTIONS = 80;

  private ScaleSearch() {}

  /**
   * Scales and the rates they give.
   *
   * @param scales activation name → scale, in layer order
   * @param ratesHz activation name → mean active rate at that scale, Hz
   * @param baseRatesHz activation name → mean active rate of the rate network (scale 1), Hz
   */
  public record Result(
      Map<String, Double> scales, Map<String, Double> ratesHz, Map<String, Double> baseRatesHz) {}

  /**
   * Searches the scales of every activation of {@code spec}.
   *
   * @param spec the model
   * @param weights its weights
   * @param ids sample ids (used only as keys)
   * @param intensities sample images (network input, e.g. pixel/255), one per id
   * @param targetHz target mean rate, Hz, > 0 (the Keras-to-Loihi notebook and issue #6: 200)
   * @param neuron neuron type the model will be evaluated with (e.g. {@code loihi-relu}), {@link
   *     #LOIHI} for each activation's Loihi equivalent (relu types: loihi-relu, LIF types:
   *     loihi-lif), or null for each activation's own
   */
  public static Result search(
      NetworkSpec spec,
      ParameterSet weights,
      long[] ids,
      float[][] intensities,
      double targetHz,
      String neuron) {
    Checks.positive("ScaleSearch.targetHz", targetHz);
    Checks.finite("ScaleSearch.targetHz", targetHz);
    Checks.check(ids.length == intensities.length && ids.length > 0, "ScaleSearch.ids.length",
        "must equal the images (> 0)", ids.length);
    Map<String, float[][]> currents = currents(spec, weights, ids, intensities);
    Map<String, Double> scales = new LinkedHashMap<>();
    Map<String, Double> rates = new LinkedHashMap<>();
    Map<String, Double> base = new LinkedHashMap<>();
    for (LayerSpec l : spec.layers()) {
      if (!(l instanceof LayerSpec.Activation a)) {
        continue;
      }
      String type = neuron == null ? a.neuron() : neuron;
      if (LOIHI.equals(type)) {
        type = a.neuron().contains("lif") ? "loihi-lif" : "loihi-relu";
      }
      NeuronModel model = model(type, a.params());
      float[][] j = currents.get(a.name());
      double dt = spec.dt();
      base.put(a.name(), meanActiveRate(NeuronTypes.create("relu"), j, 1.0, dt));
      double s = roundUp(solve(model, j, targetHz, dt));
      scales.put(a.name(), s);
      rates.put(a.name(), meanActiveRate(model, j, s, dt));
    }
    return new Result(scales, rates, base);
  }

  /**
   * The input current {@code J} (before scaling) of every activation of {@code spec}'s rate
   * network, per image: activation name → {@code [image][neuron]}.
   */
  public static Map<String, float[][]> currents(
      NetworkSpec spec, ParameterSet weights, long[] ids, float[][] intensities) {
    List<LayerSpec> rateLayers = new ArrayList<>();
    for (LayerSpec l : spec.layers()) {
      if (l instanceof LayerSpec.Lowpass) {
        continue;
      }
      if (l instanceof LayerSpec.Activation a) {
        boolean lif = a.neuron().contains("lif");
        String type = lif ? "lif-rate" : "relu";
        Map<String, Double> p = new LinkedHashMap<>();
        List<String> accepted = NeuronTypes.parameterNames(type);
        a.params().forEach((k, v) -> {
          if (accepted.contains(k)) {
            p.put(k, v);
          }
        });
        l = new LayerSpec.Activation(a.name(), type, p, false, a.scaleFiringRates(), null);
      }
      rateLayers.add(l);
    }
    NetworkSpec rate = spec.withLayers(rateLayers).withSteps(1);
    Network net = Network.compile(rate, NeuronTypes::create);
    ParameterSet.Builder pb = ParameterSet.builder();
    for (Map.Entry<String, int[]> e : Network.parameterShapes(rate).entrySet()) {
      pb.add(e.getKey(), e.getValue(), weights.get(e.getKey()));
    }
    ParameterSet params = pb.build();
    List<LayerSpec> layers = rate.layers();
    int inSize = net.inputSize();
    Map<Long, float[]> byId = new HashMap<>();
    for (int b = 0; b < ids.length; b++) {
      Checks.check(intensities[b].length == inSize, "ScaleSearch.intensities[" + b + "].length",
          "must be " + inSize, intensities[b].length);
      byId.put(ids[b], intensities[b]);
    }
    Map<String, float[][]> out = new LinkedHashMap<>();
    for (LayerSpec l : layers) {
      if (l instanceof LayerSpec.Activation) {
        out.put(l.name(), new float[ids.length][]);
      }
    }
    NetworkRunner runner = new NetworkRunner(net);
    int batchSize = 50;
    for (int start = 0; start < ids.length; start += batchSize) {
      int end = Math.min(ids.length, start + batchSize);
      long[] batch = java.util.Arrays.copyOfRange(ids, start, end);
      int first = start;
      runner.evaluate(params, new TimeTiledInput(inSize, byId::get), batch, (step, view) -> {
        for (int i = 0; i < layers.size(); i++) {
          if (!(layers.get(i) instanceof LayerSpec.Activation)) {
            continue;
          }
          float[][] dst = out.get(layers.get(i).name());
          for (int b = 0; b < batch.length; b++) {
            if (i == 0) {
              dst[first + b] = intensities[first + b].clone();
            } else {
              int n = view.layerSize(i - 1);
              dst[first + b] = java.util.Arrays.copyOfRange(
                  view.layerOutput(i - 1), b * n, (b + 1) * n);
            }
          }
        }
      });
    }
    return out;
  }

  /**
   * The mean rate over active neurons (rate &gt; 0), averaged over images with at least one active
   * neuron, in Hz, of {@code model} at scale {@code s} on currents {@code j[image][neuron]}; 0 if
   * no neuron is ever active.
   */
  public static double meanActiveRate(NeuronModel model, float[][] j, double s, double dt) {
    double sum = 0;
    int images = 0;
    double amp = model.amplitude();
    for (float[] row : j) {
      double r = 0;
      int active = 0;
      for (float x : row) {
        double v = model.rate(s * x, dt) / amp;
        if (v > 0) {
          r += v;
          active++;
        }
      }
      if (active > 0) {
        sum += r / active;
        images++;
      }
    }
    return images == 0 ? 0 : sum / images;
  }

  /**
   * {@code s} rounded up to 6 significant digits: float rounding in the rate network (BLAS
   * threads) moves the exact solution in its last bits, and a sweep point's key hashes its scales;
   * rounding up keeps a monotone rate at or above the target.
   */
  static double roundUp(double s) {
    return new java.math.BigDecimal(s)
        .round(new java.math.MathContext(6, java.math.RoundingMode.CEILING))
        .doubleValue();
  }

  private static double solve(NeuronModel model, float[][] j, double target, double dt) {
    double r1 = meanActiveRate(model, j, 1.0, dt);
    if (r1 == 0) {
      return 1.0;
    }
    double s0 = target / r1;
    if (Math.abs(meanActiveRate(model, j, s0, dt) - target) <= 1e-9 * target) {
      return s0;
    }
    double lo = s0;
    double hi = s0;
    int guard = 0;
    while (meanActiveRate(model, j, lo, dt) >= target && guard++ < 200) {
      lo /= 2;
    }
    guard = 0;
    while (meanActiveRate(model, j, hi, dt) < target && guard++ < 200) {
      hi *= 2;
    }
    if (meanActiveRate(model, j, hi, dt) < target) {
      return hi; // saturated below the target (e.g. loihi-relu above 1000 Hz)
    }
    for (int k = 0; k < BISECTIONS && hi / lo > 1 + 1e-12; k++) {
      double mid = Math.sqrt(lo * hi);
      if (meanActiveRate(model, j, mid, dt) < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private static NeuronModel model(String type, Map<String, Double> params) {
    Map<String, Double> p = new LinkedHashMap<>();
    List<String> accepted = NeuronTypes.parameterNames(type);
    params.forEach((k, v) -> {
      if (accepted.contains(k)) {
        p.put(k, v);
      }
    });
    return NeuronTypes.create(type, p);
  }
}
