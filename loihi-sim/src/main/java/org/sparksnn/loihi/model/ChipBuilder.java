package org.sparksnn.loihi.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the float compartment description of every on-chip layer (numerics.md "Build (float,
 * before discretization)", nengo-loihi's ensemble / connection builders). The network is not
 * changed.
 *
 * <ul>
 *   <li>relu: {@code vth = 1/dt}, {@code decay_v = 0}, {@code refract_delay = round(tauRef/dt) +
 *       1}, no voltage scaling;
 *   <li>lif: {@code vth = 1}, {@code decay_v = −expm1(−dt/tauRc)}, same refractory rule, voltage
 *       scaling on;
 *   <li>synapse: {@code decay_u = 1} with none, else {@code −expm1(−dt/tauS)}; current scaling on;
 *   <li>weights {@code W[post][pre]·(1/dt)·amp_pre·gain_post}; bias unchanged; all rounded to
 *       float32 as nengo-loihi stores them.
 * </ul>
 */
public final class ChipBuilder {
  /** Decays at or below this are treated as "no scaling" (nengo-loihi DECAY_SCALE_TH). */
  static final double DECAY_SCALE_TH = 1e-10;

  private ChipBuilder() {}

  /** Builds every layer of {@code net} in order. */
  public static List<BuiltLayer> build(LoihiNetwork net) {
    List<BuiltLayer> out = new ArrayList<>();
    for (int k = 0; k < net.layers().size(); k++) {
      out.add(buildLayer(net.layers().get(k), net.preAmplitude(k), net.dt()));
    }
    return out;
  }

  /** Writes the dense expansion of a conv layer's kernel, times {@code (1/dt)·preAmp·gain}. */
  private static void fillConv(LoihiLayer layer, float[] w, double inv, double preAmp) {
    Conv2D conv = layer.conv();
    int n = layer.size();
    int[] in = conv.inputShape();
    int[] out = conv.outputShape();
    int[] st = conv.strides();
    int pt = conv.padTop();
    int pl = conv.padLeft();
    for (int oy = 0; oy < out[0]; oy++) {
      for (int ox = 0; ox < out[1]; ox++) {
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
              int pre = (iy * in[1] + ix) * in[2] + c;
              for (int f = 0; f < out[2]; f++) {
                int post = (oy * out[1] + ox) * out[2] + f;
                w[pre * n + post] =
                    (float) (conv.kernelAt(ky, kx, c, f) * inv * preAmp * layer.gainAt(post));
              }
            }
          }
        }
      }
    }
  }

  /** Builds one layer whose presynaptic spikes have amplitude {@code preAmp}. */
  public static BuiltLayer buildLayer(LoihiLayer layer, double preAmp, double dt) {
    int n = layer.size();
    int nPre = layer.inputSize();
    NeuronSpec neuron = layer.neuron();
    float[] vth = new float[n];
    float[] bias = new float[n];
    float[] decayU = new float[n];
    float[] decayV = new float[n];
    int[] ref = new int[n];
    boolean lif = neuron.kind() == NeuronKind.LOIHI_LIF;
    float vthValue = lif ? 1.0f : (float) (1.0 / dt);
    float dv = lif ? (float) -Math.expm1(-dt / neuron.tauRc()) : 0.0f;
    float du = layer.synapseTau() == 0.0 ? 1.0f : (float) -Math.expm1(-dt / layer.synapseTau());
    int refDelay = (int) Math.rint(neuron.tauRef() / dt) + 1;
    for (int j = 0; j < n; j++) {
      vth[j] = vthValue;
      bias[j] = (float) layer.biasAt(j);
      decayU[j] = du;
      decayV[j] = dv;
      ref[j] = refDelay;
    }
    float[] w = new float[nPre * n];
    double inv = 1.0 / dt;
    if (layer.isConv()) {
      fillConv(layer, w, inv, preAmp);
    } else {
      for (int post = 0; post < n; post++) {
        double g = layer.gainAt(post);
        for (int pre = 0; pre < nPre; pre++) {
          w[pre * n + post] = (float) (layer.weight(post, pre) * inv * preAmp * g);
        }
      }
    }
    boolean scaleU = du > DECAY_SCALE_TH;
    boolean scaleV = lif && dv > DECAY_SCALE_TH;
    return new BuiltLayer(
        layer.name(), n, nPre, vth, bias, decayU, decayV, ref, 0.0f, Float.POSITIVE_INFINITY,
        scaleU, scaleV, w);
  }
}
