package org.sparksnn.loihi.emulator;

import java.util.Arrays;
import org.sparksnn.loihi.model.BuiltLayer;

/**
 * float32 compartment update of nengo-loihi's emulator on an undiscretized build ("simreal"):
 *
 * <pre>
 * u  = (1 − decay_u)·u + s_u·q        s_u = decay_u if current scaling, else 1
 * v  = (1 − decay_v)·v + s_v·(u + bias)   s_v = decay_v if voltage scaling, else 1
 * v  = clip(v, vmin, vmax); v = 0 if refractory; spike = v &gt; vth; on spike v = 0
 * </pre>
 *
 * Inputs are summed in float32 in ascending presynaptic order, as nengo-loihi does.
 */
final class FloatLayerKernel implements LayerKernel {
  private final BuiltLayer layer;
  private final int n;
  /** Weight rows {@code [pre][post]}, one array per row so the JIT vectorizes the row sum. */
  private final float[][] rows;
  private final float[] q;
  private final float[] su;
  private final float[] sv;
  private float[] u = new float[0];
  private float[] v = new float[0];
  private int[] ref = new int[0];

  FloatLayerKernel(BuiltLayer layer) {
    this.layer = layer;
    this.n = layer.n();
    float[] w = layer.weights();
    this.rows = new float[layer.nPre()][];
    for (int p = 0; p < rows.length; p++) {
      rows[p] = java.util.Arrays.copyOfRange(w, p * n, (p + 1) * n);
    }
    this.q = new float[n];
    this.su = new float[n];
    this.sv = new float[n];
    for (int j = 0; j < n; j++) {
      su[j] = layer.scaleU() ? layer.decayU()[j] : 1f;
      sv[j] = layer.scaleV() ? layer.decayV()[j] : 1f;
    }
  }

  @Override
  public String name() {
    return layer.name();
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public void reset(int batch) {
    u = new float[batch * n];
    v = new float[batch * n];
    ref = new int[batch * n];
  }

  @Override
  public void clearInput() {
    Arrays.fill(q, 0f);
  }

  @Override
  public void addRow(int pre) {
    float[] row = rows[pre];
    float[] qq = q;
    for (int j = 0; j < row.length; j++) {
      qq[j] += row[j];
    }
  }

  @Override
  public int update(int stream, int step, int[] spiked) {
    final int o = stream * n;
    final float[] du = layer.decayU();
    final float[] dv = layer.decayV();
    final float[] bias = layer.bias();
    final float[] vth = layer.vth();
    final int[] refDelay = layer.refractDelay();
    final float vmin = layer.vmin();
    final float vmax = layer.vmax();
    int k = 0;
    for (int j = 0; j < n; j++) {
      float uj = (1f - du[j]) * u[o + j] + su[j] * q[j];
      u[o + j] = uj;
      float u2 = uj + bias[j];
      float vj = (1f - dv[j]) * v[o + j] + sv[j] * u2;
      vj = Math.min(Math.max(vj, vmin), vmax);
      int r = ref[o + j];
      if (r > 0) {
        vj = 0f;
      }
      if (vj > vth[j]) {
        vj = 0f;
        r = refDelay[j];
        spiked[k++] = j;
      }
      ref[o + j] = r > 0 ? r - 1 : 0;
      v[o + j] = vj;
    }
    return k;
  }

  @Override
  public double current(int stream, int j) {
    return u[stream * n + j];
  }

  @Override
  public double voltage(int stream, int j) {
    return v[stream * n + j];
  }

  @Override
  public long warnings() {
    return 0;
  }
}
