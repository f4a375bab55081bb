package org.sparksnn.loihi.discretize;

import java.util.List;

/**
 * The integer parameters of a whole layer, gathered from its cores into layer order (each
 * compartment keeps the values of the core it was discretized on). This is what the emulator runs.
 *
 * @param name layer name
 * @param n compartments
 * @param nPre input axons
 * @param vth threshold per compartment
 * @param bias bias per compartment
 * @param decayU current decay per compartment
 * @param decayV voltage decay per compartment
 * @param refractDelay refractory delay per compartment
 * @param vmin lowest voltage per compartment
 * @param vmax highest voltage per compartment
 * @param weights weights {@code [pre][post]} flattened pre-major (length nPre·n)
 * @param cores the per-core parameters this layer was gathered from
 */
public record DiscretizedLayer(
    String name,
    int n,
    int nPre,
    int[] vth,
    int[] bias,
    int[] decayU,
    int[] decayV,
    int[] refractDelay,
    int[] vmin,
    int[] vmax,
    int[] weights,
    List<DiscretizedCore> cores) {

  /** Gathers {@code cores} (covering every compartment once) into one layer. */
  public static DiscretizedLayer of(String name, int n, int nPre, List<DiscretizedCore> cores) {
    int[] vth = new int[n];
    int[] bias = new int[n];
    int[] du = new int[n];
    int[] dv = new int[n];
    int[] ref = new int[n];
    int[] vmin = new int[n];
    int[] vmax = new int[n];
    int[] w = new int[nPre * n];
    for (DiscretizedCore c : cores) {
      int[] comps = c.compartments();
      for (int i = 0; i < comps.length; i++) {
        int j = comps[i];
        vth[j] = c.vth()[i];
        bias[j] = c.bias()[i];
        du[j] = c.decayU()[i];
        dv[j] = c.decayV()[i];
        ref[j] = c.refractDelay()[i];
        vmin[j] = c.vmin();
        vmax[j] = c.vmax();
        for (int p = 0; p < nPre; p++) {
          w[p * n + j] = c.weight(p, i);
        }
      }
    }
    return new DiscretizedLayer(
        name, n, nPre, vth, bias, du, dv, ref, vmin, vmax, w, List.copyOf(cores));
  }
}
