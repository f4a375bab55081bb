package org.sparksnn.loihi.emulator;

import java.util.Arrays;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.LoihiInts;
import org.sparksnn.ops.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The straightforward integer kernel (full int weights, one flat pre-major array, plain loops),
 * kept as the reference that the optimized {@link FixedLayerKernel} must equal bit for bit. Integer
 * compartment update of nengo-loihi's emulator, per compartment and step:
 *
 * <pre>
 * q  checked against 21 bits (+ sign)
 * u  = decay_int(u, decay_u, 1) + q      checked against 23 bits
 * u2 = u + bias                          checked against 23 bits
 * v  = decay_int(v, decay_v, 0) + u2;  v = clip(v, vmin, vmax);  v = 0 if refractory
 * spike = v &gt; vth;  on spike v = 0, ref = refract_delay;  ref = max(ref − 1, 0)
 * </pre>
 *
 * An overflowing value wraps as on the chip; with {@link Strictness#FAIL} it throws instead.
 */
final class ReferenceFixedKernel implements LayerKernel {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceFixedKernel.class);
  private static final int Q_LO = -(1 << LoihiInts.Q_BITS);
  private static final int Q_HI = (1 << LoihiInts.Q_BITS) - 1;
  private static final int U_LO = -(1 << LoihiInts.U_BITS);
  private static final int U_HI = (1 << LoihiInts.U_BITS) - 1;

  private final DiscretizedLayer layer;
  private final Strictness strictness;
  private final int n;
  private final int[] w;
  private final int[] q;
  private int[] u = new int[0];
  private int[] v = new int[0];
  private int[] ref = new int[0];
  private long warnings;

  ReferenceFixedKernel(DiscretizedLayer layer, Strictness strictness) {
    this.layer = layer;
    this.strictness = strictness;
    this.n = layer.n();
    this.w = layer.weights();
    this.q = new int[n];
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
    if (u.length != batch * n) {
      u = new int[batch * n];
      v = new int[batch * n];
      ref = new int[batch * n];
    } else {
      Arrays.fill(u, 0);
      Arrays.fill(v, 0);
      Arrays.fill(ref, 0);
    }
    warnings = 0;
  }

  @Override
  public void clearInput() {
    Arrays.fill(q, 0);
  }

  @Override
  public void addRow(int pre) {
    int base = pre * n;
    int[] qq = q;
    int[] ww = w;
    for (int j = 0; j < n; j++) {
      qq[j] += ww[base + j];
    }
  }

  @Override
  public int update(int stream, int step, int[] spiked) {
    final int o = stream * n;
    final int[] du = layer.decayU();
    final int[] dv = layer.decayV();
    final int[] bias = layer.bias();
    final int[] vth = layer.vth();
    final int[] vmin = layer.vmin();
    final int[] vmax = layer.vmax();
    final int[] refDelay = layer.refractDelay();
    int k = 0;
    for (int j = 0; j < n; j++) {
      int qj = q[j];
      if (qj < Q_LO || qj > Q_HI) {
        qj = overflow("q", qj, LoihiInts.Q_BITS, stream, step, j);
      }
      int uj = decay(u[o + j], du[j], 1) + qj;
      if (uj < U_LO || uj > U_HI) {
        uj = overflow("current", uj, LoihiInts.U_BITS, stream, step, j);
      }
      u[o + j] = uj;
      int u2 = uj + bias[j];
      if (u2 < U_LO || u2 > U_HI) {
        u2 = overflow("u2", u2, LoihiInts.U_BITS, stream, step, j);
      }
      int vj = decay(v[o + j], dv[j], 0) + u2;
      if (vj < vmin[j]) {
        vj = vmin[j];
      } else if (vj > vmax[j]) {
        vj = vmax[j];
      }
      int r = ref[o + j];
      if (r > 0) {
        vj = 0;
      }
      if (vj > vth[j]) {
        vj = 0;
        r = refDelay[j];
        spiked[k++] = j;
      }
      ref[o + j] = r > 0 ? r - 1 : 0;
      v[o + j] = vj;
    }
    return k;
  }

  private static int decay(int x, int d, int offset) {
    if (x == 0) {
      return 0;
    }
    long r = 4096 - offset - d;
    if (x > 0) {
      return (int) ((x * r) >> 12);
    }
    return (int) -((-(long) x * r) >> 12);
  }

  private int overflow(String what, int value, int bits, int stream, int step, int j) {
    String msg =
        String.format(
            "layer '%s' step %d stream %d compartment %d: %s (%d) overflows %d-bit signed range"
                + " [%d, %d]",
            layer.name(), step, stream, j, what, value, bits + 1, -(1 << bits), (1 << bits) - 1);
    if (strictness == Strictness.FAIL) {
      throw new SimulationException(msg);
    }
    if (warnings == 0) {
      LOG.warn("{} (further overflows of this layer are only counted)", msg);
    }
    warnings++;
    return LoihiInts.wrapSigned(value, bits);
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
    return warnings;
  }
}
