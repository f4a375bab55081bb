package org.sparksnn.loihi.discretize;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.loihi.model.BuiltLayer;
import org.sparksnn.loihi.model.Core;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.ops.SimulationException;

/**
 * Discretizes each core of a built layer on its own, following nengo-loihi 1.1's {@code
 * discretize_compartment} / {@code discretize_synapse} / {@code discretize_weights} step by step,
 * including its float32 arithmetic (so results are bit-identical):
 *
 * <ol>
 *   <li>{@code decay_u = round(clip(f32(decay_u·4095) − 1, 0, 4095))}, {@code decay_v =
 *       round(f32(decay_v·4095))};
 *   <li>{@code u_in = 1/decay_magnitude(decay_u, 2^21, offset 1)} if current scaling, {@code v_in =
 *       1/decay_magnitude(decay_v, 2^21)} if voltage scaling, else 1;
 *   <li>{@code w_scale = 255/w_max}; for {@code w_exp = 0, −1, …, −7}: {@code v_scale =
 *       1/(u_in·v_in) · w_scale · 2^(6+w_exp)}, {@code b_scale = v_scale·v_in}; take the first
 *       w_exp with {@code round(vth·v_scale) <= 131071·64} and {@code |round(bias·b_scale)| <=
 *       4095·128} (without weights the bias or the threshold sets the scale instead);
 *   <li>{@code vth = 64·round(vth/64)}; {@code bias = round(bias/2^e)·2^e} with the smallest
 *       {@code e >= 0} giving a mantissa <= 4095;
 *   <li>weights: {@code m = clip(round(f32(f32(w·w_scale)/2)), −127, 127)}, then {@code (m << (1 +
 *       w_exp)) << 6} (with nengo-loihi's lossy rounding when {@code 1 + w_exp < 0});
 *   <li>{@code vmin = 1 − 2^clip(round(log2(1 − vmin·v_scale)), 0, 31)}, {@code vmax = 2^(9 + 2·e) −
 *       1} with {@code e = clip(round((log2(vmax·v_scale + 1) − 9)/2), 0, 7)}.
 * </ol>
 *
 * Round is round-half-to-even (numpy {@code round}).
 */
public final class Discretizer {
  private static final double X0 = 1 << 21;

  private Discretizer() {}

  /** Discretizes every core of every layer. */
  public static List<DiscretizedLayer> discretize(
      List<BuiltLayer> layers, List<LayerMapping> mapping) {
    List<DiscretizedLayer> out = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      BuiltLayer b = layers.get(k);
      List<DiscretizedCore> cores = new ArrayList<>();
      for (Core c : mapping.get(k).cores()) {
        cores.add(discretizeCore(b, c.index(), c.compartments()));
      }
      out.add(DiscretizedLayer.of(b.name(), b.n(), b.nPre(), cores));
    }
    return out;
  }

  /** Discretizes the compartments {@code comps} of {@code layer} as one core. */
  public static DiscretizedCore discretizeCore(BuiltLayer layer, int index, int[] comps) {
    int m = comps.length;
    int nPre = layer.nPre();
    int[] decayU = new int[m];
    int[] decayV = new int[m];
    int[] ref = new int[m];
    double[] uIn = new double[m];
    double[] vIn = new double[m];
    float[] vthF = new float[m];
    float[] biasF = new float[m];
    float wMax = 0f;
    float bMax = 0f;
    for (int i = 0; i < m; i++) {
      int j = comps[i];
      float du = layer.decayU()[j] * 4095f - 1f;
      du = Math.min(Math.max(du, 0f), 4095f);
      decayU[i] = (int) Math.rint(du);
      decayV[i] = (int) Math.rint(layer.decayV()[j] * 4095f);
      ref[i] = layer.refractDelay()[j];
      uIn[i] = layer.scaleU() ? 1.0 / LoihiInts.decayMagnitude(decayU[i], X0, 1) : 1.0;
      vIn[i] = layer.scaleV() ? 1.0 / LoihiInts.decayMagnitude(decayV[i], X0, 0) : 1.0;
      vthF[i] = layer.vth()[j];
      biasF[i] = layer.bias()[j];
      bMax = Math.max(bMax, Math.abs(biasF[i]));
      for (int p = 0; p < nPre; p++) {
        wMax = Math.max(wMax, Math.abs(layer.weight(p, j)));
      }
    }
    String who = "layer '" + layer.name() + "' core " + index;
    double[] vScale = new double[m];
    double[] bScale = new double[m];
    double[] vthR = new double[m];
    double[] biasR = new double[m];
    double[] wScaleArr = null;
    double wScale = 0;
    int wExp = 0;
    if (wMax > 1e-8) {
      wScale = 255.0 / (double) wMax;
      boolean found = false;
      for (wExp = 0; wExp > -8; wExp--) {
        double scale = Math.scalb(1.0, 6 + wExp);
        boolean ok = true;
        for (int i = 0; i < m; i++) {
          double sScale = 1.0 / (uIn[i] * vIn[i]);
          vScale[i] = sScale * wScale * scale;
          bScale[i] = vScale[i] * vIn[i];
          vthR[i] = Math.rint(vthF[i] * vScale[i]);
          biasR[i] = Math.rint(biasF[i] * bScale[i]);
          ok &= vthR[i] <= LoihiInts.VTH_MAX && Math.abs(biasR[i]) <= LoihiInts.BIAS_MAX;
        }
        if (ok) {
          found = true;
          break;
        }
      }
      if (!found) {
        throw new SimulationException(who + ": could not find an appropriate weight exponent");
      }
    } else if (bMax > 1e-8) {
      double bs = LoihiInts.BIAS_MAX / (double) bMax;
      boolean found = false;
      wScaleArr = new double[m];
      while (bs * bMax > 1) {
        boolean ok = true;
        for (int i = 0; i < m; i++) {
          bScale[i] = bs;
          vScale[i] = bs / vIn[i];
          wScaleArr[i] = bs * uIn[i] / 64.0;
          vthR[i] = Math.rint(vthF[i] * vScale[i]);
          biasR[i] = Math.rint(biasF[i] * bs);
          ok &= vthR[i] <= LoihiInts.VTH_MAX;
        }
        if (ok) {
          found = true;
          break;
        }
        bs /= 2.0;
      }
      if (!found) {
        throw new SimulationException(who + ": could not find an appropriate bias scaling");
      }
    } else {
      double vthMax = Math.min(LoihiInts.VTH_MAX, (1L << LoihiInts.Q_BITS) - 1);
      float vthTop = vthF[0];
      for (float v : vthF) {
        vthTop = Math.max(vthTop, v);
      }
      double vs = vthMax / (double) (vthTop + 1f);
      wScaleArr = new double[m];
      for (int i = 0; i < m; i++) {
        vScale[i] = vs;
        vthR[i] = Math.rint(vthF[i] * vs);
        bScale[i] = vs * vIn[i];
        biasR[i] = Math.rint(biasF[i] * bScale[i]);
        wScaleArr[i] = vs * vIn[i] * uIn[i] / 64.0;
      }
    }
    for (int i = 1; i < m; i++) {
      if (vScale[i] != vScale[0]) {
        throw new SimulationException(who + ": compartments need different voltage scales");
      }
    }
    int[] vth = new int[m];
    int[] bias = new int[m];
    for (int i = 0; i < m; i++) {
      long man = (long) Math.rint(vthR[i] / 64.0);
      if (man <= 0 || man > LoihiInts.VTH_MAN_MAX) {
        throw new SimulationException(
            who + ": threshold mantissa (" + man + ") outside [1, " + LoihiInts.VTH_MAN_MAX + "]");
      }
      vth[i] = (int) (man << LoihiInts.VTH_EXP);
      bias[i] = biasToManExp(biasR[i], who);
    }
    double v0 = vScale[0];
    double vminS = v0 * layer.vmin();
    double vmaxS = v0 * layer.vmax();
    double vmine = clip(Math.rint(log2(-vminS + 1)), 0, 31);
    int vmin = (int) (-Math.pow(2, vmine) + 1);
    double vmaxe = clip(Math.rint((log2(vmaxS + 1) - 9) * 0.5), 0, 7);
    int vmax = (int) (Math.pow(2, 9 + 2 * vmaxe) - 1);

    int wExp2 = Math.max(wExp, -6);
    int[] w = new int[nPre * m];
    float wsF = (float) wScale;
    for (int p = 0; p < nPre; p++) {
      for (int i = 0; i < m; i++) {
        float wf = layer.weight(p, comps[i]);
        double half;
        if (wScaleArr == null) {
          half = (wf * wsF) / 2.0f;
        } else {
          half = (wf * wScaleArr[i]) / 2.0;
        }
        w[p * m + i] = discretizeWeight(half, wExp2);
      }
    }
    return new DiscretizedCore(
        layer.name(), index, comps.clone(), nPre, vth, bias, decayU, decayV, ref, vmin, vmax, w,
        wExp, wMax, wScaleArr == null ? wScale : wScaleArr[0], v0, bScale);
  }

  /** Weight {@code x = w·w_scale/2} to chip units with weight exponent {@code wExp}. */
  static int discretizeWeight(double half, int wExp) {
    int mant = (int) clip(Math.rint(half), -127, 127);
    int s2 = 1 + wExp;
    if (s2 < 0) {
      double f = Math.scalb(1.0, s2);
      mant = (int) clip(Math.rint(mant * f) / f, -127, 127);
      mant >>= -s2;
    } else {
      mant <<= s2;
    }
    return mant << 6;
  }

  private static int biasToManExp(double b, String who) {
    double mag = Math.abs(b);
    int e = 0;
    while (mag > (double) LoihiInts.BIAS_MAN_MAX * (1L << e)) {
      e++;
    }
    if (e > LoihiInts.BIAS_EXP_MAX) {
      throw new SimulationException(who + ": bias (" + b + ") exceeds max " + LoihiInts.BIAS_MAX);
    }
    long man = (long) Math.rint(b / (1L << e));
    return (int) (man << e);
  }

  private static double log2(double x) {
    if (x == Double.POSITIVE_INFINITY) {
      return x;
    }
    int e = Math.getExponent(x);
    if (x == Math.scalb(1.0, e)) {
      return e;
    }
    return Math.log(x) / Math.log(2.0);
  }

  private static double clip(double x, double lo, double hi) {
    return Math.min(Math.max(x, lo), hi);
  }
}
