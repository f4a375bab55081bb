package org.sparksnn.loihi.emulator;

import java.util.Arrays;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.LoihiInts;
import org.sparksnn.ops.SimulationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integer compartment update of nengo-loihi's emulator, per compartment and step:
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
 *
 * <p>Compact weights. Discretized weights are 8-bit mantissas shifted by a per-core constant, so
 * every weight into compartment j is a multiple of {@code 2^s_j}, where {@code s_j} is the
 * smallest number of trailing zero bits over the column's nonzero weights. The kernel stores the
 * mantissas {@code m_ij = w_ij >> s_j} (exact) and forms {@code q_j = (Σ_i m_ij) << s_j}. This
 * equals {@code Σ_i w_ij} in 32-bit two's-complement arithmetic for every input (a left shift is a
 * multiplication by {@code 2^s_j}, which distributes over sums modulo 2^32), so the result is the
 * same as summing the full weights. When every |mantissa| fits 15 bits (always the case for
 * discretized layers: at most 127), rows are {@code short[]} and are summed into {@code short}
 * accumulators, which are flushed into {@code int} ones after {@code floor(32767 / max|m|)} rows so
 * they never overflow; otherwise rows stay {@code int[]}. Each row is its own array so the JIT
 * vectorizes the row sum. Layers with under 1/8 nonzero weights (convolutions) keep only the
 * nonzero entries of each row with their target indices and scatter them.
 */
final class FixedLayerKernel implements LayerKernel {
  private static final Logger LOG = LoggerFactory.getLogger(FixedLayerKernel.class);
  private static final int Q_LO = -(1 << LoihiInts.Q_BITS);
  private static final int Q_HI = (1 << LoihiInts.Q_BITS) - 1;
  private static final int U_LO = -(1 << LoihiInts.U_BITS);
  private static final int U_HI = (1 << LoihiInts.U_BITS) - 1;

  private final String name;
  private final Strictness strictness;
  private final int n;
  /** Mantissa rows {@code [pre][post]} when they fit 15 bits, else null. */
  private final short[][] rowsS;
  /** Full-width rows {@code [pre][post]} when the mantissas do not fit 15 bits, else null. */
  private final int[][] rowsI;
  /**
   * Sparse rows (conv layers), or null if dense: per presynaptic neuron, runs of consecutive target
   * compartments as {@code (first target, offset into the row's values)} pairs and a sentinel
   * pair; run r covers values {@code [runs[2r+1], runs[2r+3])} written from {@code runs[2r]}.
   */
  private final int[][] sparseRuns;
  /** Rows that can be summed into the short accumulator before it must be flushed. */
  private final int chunk;
  private final int[] shift;
  private final long[] keepU;
  private final long[] keepV;
  private final int[] bias;
  private final int[] vth;
  private final int[] vmin;
  private final int[] vmax;
  private final int[] refDelay;
  /** True if vmin <= vmax for every compartment (then the clip needs no branch). */
  private final boolean clipOrdered;
  /**
   * True if every compartment has the same shift, decays, threshold, clip (ordered) and
   * refractory delay, and rows are 16-bit.
   */
  private final boolean uniform;
  private final short[] accS;
  private final int[] accI;
  private int rowsInChunk;
  private boolean flushed;
  private int[] u = new int[0];
  private int[] v = new int[0];
  private int[] ref = new int[0];
  private long warnings;

  FixedLayerKernel(DiscretizedLayer layer, Strictness strictness) {
    this.name = layer.name();
    this.strictness = strictness;
    this.n = layer.n();
    int nPre = layer.nPre();
    int[] w = layer.weights();
    this.shift = columnShifts(w, nPre, n);
    long maxAbs = 0;
    for (int p = 0; p < nPre; p++) {
      for (int j = 0; j < n; j++) {
        maxAbs = Math.max(maxAbs, Math.abs((long) (w[p * n + j] >> shift[j])));
      }
    }
    long nnz = 0;
    for (int x : w) {
      if (x != 0) {
        nnz++;
      }
    }
    boolean sparse = n >= 64 && nnz * 8 < (long) nPre * n;
    sparseRuns = sparse ? new int[nPre][] : null;
    int[] idxBuf = sparse ? new int[n] : null;
    boolean narrow = maxAbs <= Short.MAX_VALUE;
    rowsS = narrow ? new short[nPre][] : null;
    rowsI = narrow ? null : new int[nPre][];
    for (int p = 0; p < nPre; p++) {
      int len = n;
      if (sparse) {
        len = 0;
        for (int j = 0; j < n; j++) {
          if (w[p * n + j] != 0) {
            len++;
          }
        }
      }
      short[] rs = narrow ? (rowsS[p] = new short[len]) : null;
      int[] ri = narrow ? null : (rowsI[p] = new int[len]);
      int q = 0;
      for (int j = 0; j < n; j++) {
        int x = w[p * n + j];
        if (sparse && x == 0) {
          continue;
        }
        if (sparse) {
          idxBuf[q] = j;
        }
        if (narrow) {
          rs[q] = (short) (x >> shift[j]);
        } else {
          ri[q] = x >> shift[j];
        }
        q++;
      }
      if (sparse) {
        sparseRuns[p] = runs(idxBuf, len);
      }
    }
    chunk = !narrow || maxAbs == 0 ? Integer.MAX_VALUE : (int) (Short.MAX_VALUE / maxAbs);
    this.keepU = new long[n];
    this.keepV = new long[n];
    for (int j = 0; j < n; j++) {
      keepU[j] = 4096L - 1 - layer.decayU()[j];
      keepV[j] = 4096L - layer.decayV()[j];
    }
    this.bias = layer.bias().clone();
    this.vth = layer.vth().clone();
    this.vmin = layer.vmin().clone();
    this.vmax = layer.vmax().clone();
    this.refDelay = layer.refractDelay().clone();
    boolean ord = true;
    for (int j = 0; j < n; j++) {
      ord &= vmin[j] <= vmax[j];
    }
    this.clipOrdered = ord;
    boolean same = ord && narrow;
    for (int j = 1; j < n && same; j++) {
      same = shift[j] == shift[0] && keepU[j] == keepU[0] && keepV[j] == keepV[0]
          && vth[j] == vth[0] && vmin[j] == vmin[0] && vmax[j] == vmax[0]
          && refDelay[j] == refDelay[0];
    }
    this.uniform = same;
    this.accS = new short[n];
    this.accI = new int[n];
  }

  /**
   * Runs of consecutive indices in {@code idx[0..len)} as (start, value offset) pairs, then a
   * sentinel pair (−1, len).
   */
  private static int[] runs(int[] idx, int len) {
    int[] tmp = new int[2 * len + 2];
    int r = 0;
    for (int q = 0; q < len; q++) {
      if (q == 0 || idx[q] != idx[q - 1] + 1) {
        tmp[r++] = idx[q];
        tmp[r++] = q;
      }
    }
    tmp[r++] = -1; // sentinel run: its offset ends the last real run
    tmp[r++] = len;
    return Arrays.copyOf(tmp, r);
  }

  /**
   * Per compartment j: the smallest count of trailing zero bits over the nonzero weights of column
   * j (31 for an all-zero column), so that {@code w_ij == (w_ij >> s_j) << s_j} for every i.
   */
  static int[] columnShifts(int[] w, int nPre, int n) {
    int[] s = new int[n];
    Arrays.fill(s, 31);
    for (int p = 0; p < nPre; p++) {
      int base = p * n;
      for (int j = 0; j < n; j++) {
        int x = w[base + j];
        if (x != 0) {
          s[j] = Math.min(s[j], Integer.numberOfTrailingZeros(x));
        }
      }
    }
    // an all-zero column keeps s = 31: its mantissas are 0 and 0 << 31 == 0
    return s;
  }

  @Override
  public String name() {
    return name;
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
    clearInput();
    warnings = 0;
  }

  @Override
  public void clearInput() {
    if (rowsInChunk != 0) {
      Arrays.fill(accS, (short) 0);
      rowsInChunk = 0;
    }
    if (flushed) {
      Arrays.fill(accI, 0);
      flushed = false;
    }
  }

  @Override
  public void addRow(int pre) {
    if (sparseRuns != null) {
      addSparse(pre);
    } else if (rowsS != null) {
      addShort(accS, rowsS[pre]);
      if (++rowsInChunk == chunk) {
        flush();
      }
    } else {
      addInt(accI, rowsI[pre]);
      flushed = true;
    }
  }

  private void addSparse(int pre) {
    int[] runs = sparseRuns[pre];
    int nr = runs.length / 2 - 1;
    if (rowsS != null) {
      short[] row = rowsS[pre];
      short[] acc = accS;
      for (int r = 0; r < nr; r++) {
        int start = runs[2 * r];
        int from = runs[2 * r + 1];
        int to = runs[2 * r + 3];
        for (int q = from; q < to; q++) {
          acc[start + q - from] += row[q];
        }
      }
      if (++rowsInChunk == chunk) {
        flush();
      }
    } else {
      int[] row = rowsI[pre];
      int[] acc = accI;
      for (int r = 0; r < nr; r++) {
        int start = runs[2 * r];
        int from = runs[2 * r + 1];
        int to = runs[2 * r + 3];
        for (int q = from; q < to; q++) {
          acc[start + q - from] += row[q];
        }
      }
      flushed = true;
    }
  }

  private static void addShort(short[] acc, short[] row) {
    for (int j = 0; j < row.length; j++) {
      acc[j] += row[j];
    }
  }

  private static void addInt(int[] acc, int[] row) {
    for (int j = 0; j < row.length; j++) {
      acc[j] += row[j];
    }
  }

  private void flush() {
    short[] s = accS;
    int[] a = accI;
    for (int j = 0; j < n; j++) {
      a[j] += s[j];
    }
    Arrays.fill(s, (short) 0);
    rowsInChunk = 0;
    flushed = true;
  }

  @Override
  public int update(int stream, int step, int[] spiked) {
    if (uniform && !flushed) {
      return updateUniform(stream, step, spiked);
    }
    final int o = stream * n;
    final short[] as = accS;
    final int[] ai = accI;
    final boolean wide = flushed;
    final int[] sh = shift;
    final long[] ku = keepU;
    final long[] kv = keepV;
    final int[] b = bias;
    final int[] th = vth;
    final int[] lo = vmin;
    final int[] hi = vmax;
    final int[] rd = refDelay;
    final int[] uu = u;
    final int[] vv = v;
    final int[] rr = ref;
    final boolean ordered = clipOrdered;
    int k = 0;
    for (int j = 0; j < n; j++) {
      int m = as[j];
      as[j] = 0;
      if (wide) {
        m += ai[j];
        ai[j] = 0;
      }
      int qj = m << sh[j];
      if (qj < Q_LO || qj > Q_HI) {
        qj = overflow("q", qj, LoihiInts.Q_BITS, stream, step, j);
      }
      int uj = decay(uu[o + j], ku[j]) + qj;
      if (uj < U_LO || uj > U_HI) {
        uj = overflow("current", uj, LoihiInts.U_BITS, stream, step, j);
      }
      uu[o + j] = uj;
      int u2 = uj + b[j];
      if (u2 < U_LO || u2 > U_HI) {
        u2 = overflow("u2", u2, LoihiInts.U_BITS, stream, step, j);
      }
      int vj = decay(vv[o + j], kv[j]) + u2;
      if (ordered) {
        vj = Math.min(Math.max(vj, lo[j]), hi[j]); // branch-free; same as below when lo <= hi
      } else if (vj < lo[j]) {
        vj = lo[j];
      } else if (vj > hi[j]) {
        vj = hi[j];
      }
      int r = rr[o + j];
      if (r > 0) {
        vj = 0;
      }
      if (vj > th[j]) {
        vj = 0;
        r = rd[j];
        spiked[k++] = j;
      }
      rr[o + j] = r > 0 ? r - 1 : 0;
      vv[o + j] = vj;
    }
    rowsInChunk = 0; // the loop zeroed both accumulators
    flushed = false;
    return k;
  }

  /**
   * {@link #update} for a layer whose compartments share every parameter but the bias (the common
   * case) and whose input fits the short accumulator: the same arithmetic with the shared values
   * held in registers.
   */
  private int updateUniform(int stream, int step, int[] spiked) {
    final int o = stream * n;
    final short[] as = accS;
    final int sh = shift[0];
    final long ku = keepU[0];
    final long kv = keepV[0];
    final int[] b = bias;
    final int th = vth[0];
    final int lo = vmin[0];
    final int hi = vmax[0];
    final int rd = refDelay[0];
    final int[] uu = u;
    final int[] vv = v;
    final int[] rr = ref;
    int k = 0;
    for (int j = 0; j < n; j++) {
      int qj = as[j] << sh;
      as[j] = 0;
      if (qj < Q_LO || qj > Q_HI) {
        qj = overflow("q", qj, LoihiInts.Q_BITS, stream, step, j);
      }
      int uj = decay(uu[o + j], ku) + qj;
      if (uj < U_LO || uj > U_HI) {
        uj = overflow("current", uj, LoihiInts.U_BITS, stream, step, j);
      }
      uu[o + j] = uj;
      int u2 = uj + b[j];
      if (u2 < U_LO || u2 > U_HI) {
        u2 = overflow("u2", u2, LoihiInts.U_BITS, stream, step, j);
      }
      int vj = Math.min(Math.max(decay(vv[o + j], kv) + u2, lo), hi);
      int r = rr[o + j];
      if (r > 0) {
        vj = 0;
      }
      if (vj > th) {
        vj = 0;
        r = rd;
        spiked[k++] = j;
      }
      rr[o + j] = r > 0 ? r - 1 : 0;
      vv[o + j] = vj;
    }
    rowsInChunk = 0;
    return k;
  }

  /**
   * {@code sign(x) · ((|x| · keep) >> 12)} without branches, for {@code keep = 4096 − offset −
   * decay} in [0, 4096].
   */
  private static int decay(int x, long keep) {
    long lx = x;
    long sg = lx >> 63;
    long mag = (((lx ^ sg) - sg) * keep) >> 12;
    return (int) ((mag ^ sg) - sg);
  }

  private int overflow(String what, int value, int bits, int stream, int step, int j) {
    String msg =
        String.format(
            "layer '%s' step %d stream %d compartment %d: %s (%d) overflows %d-bit signed range"
                + " [%d, %d]",
            name, step, stream, j, what, value, bits + 1, -(1 << bits), (1 << bits) - 1);
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

  /** True if the shared-parameter update is used (see {@link #updateUniform}). */
  boolean isUniform() {
    return uniform;
  }

  /** True if rows are stored sparse (as runs of nonzero weights). */
  boolean isSparse() {
    return sparseRuns != null;
  }

  /** True if rows hold 16-bit mantissas (summed in chunked short accumulators). */
  boolean isNarrow() {
    return rowsS != null;
  }

  @Override
  public long warnings() {
    return warnings;
  }
}
