package org.sparksnn.loihi.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Synapse-memory and axon costs of a convolutional connection as nengo-loihi 1.1 builds it
 * ({@code conv2d_loihi_weights}, {@code Synapse.set_population_weights}, {@code
 * split_blocks.set_new_synapse_weights}, {@code SynapseConfig.bits_per_axon}).
 *
 * <ul>
 *   <li>One input axon per input pixel (all channels of a pixel share it; the channel is the
 *       spike's population "atom"); pixels that feed no output are unused. Output axons of the
 *       layer before are pop32: 2 axon slots each.
 *   <li>Unsplit: axons share weight sets, one per distinct pattern of valid kernel rows × columns
 *       (at most a handful); a set holds {@code inChannels · rows · cols · filters} weights.
 *   <li>Split into cores: each core gets its own synapse; an axon's weights are those of its
 *       targets inside the core, indexed from a base {@code min(target position) mod 256}; axons
 *       with equal weights and equal relative indices share one set. Sets are keyed by content,
 *       as nengo-loihi hashes them.
 *   <li>A set of m weights costs {@code Σ_chunks roundup64(k·(8 + idxBits) + 10)} bits over chunks
 *       of k ≤ 64 weights, where {@code idxBits} is the smallest of {0, 6, …, 12} covering the
 *       synapse's largest target index (12 if none does).
 * </ul>
 *
 * The {@link Padding#SAME} case follows the same construction with the padding offset (nengo-loihi
 * 1.1 itself rejects same padding on chip).
 */
final class ConvSynapses {
  private static final int[] INDEX_BITS = {0, 6, 7, 8, 9, 10, 11, 12};

  /** Per-core costs of one split. */
  record Split(int[] inAxons, long[] bits, boolean[][] pixelUsedByCore) {}

  private final Conv2D conv;
  private final int outRows;
  private final int outCols;
  private final int filters;
  private final int inCh;
  /** Per input pixel: valid kernel rows (ky) in target order, or null if unused. */
  private final int[][] rowK;
  private final int[][] colK;
  private final int[] base;
  private final long[] key;

  ConvSynapses(Conv2D conv) {
    this.conv = conv;
    int[] o = conv.outputShape();
    outRows = o[0];
    outCols = o[1];
    filters = o[2];
    inCh = conv.inChannels();
    int rows = conv.inputShape()[0];
    int cols = conv.inputShape()[1];
    rowK = new int[rows * cols][];
    colK = new int[rows * cols][];
    base = new int[rows * cols];
    key = new long[rows * cols];
    int[] s = conv.strides();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        int ij = i * cols + j;
        int[] ri = valid(i, conv.padTop(), conv.kernelRows(), s[0], outRows);
        int[] rj = valid(j, conv.padLeft(), conv.kernelCols(), s[1], outCols);
        if (ri.length == 0 || rj.length == 0) {
          base[ij] = -1;
          continue;
        }
        // ri holds (ky, yi) pairs flattened; the first target row/col gives the base
        int yi0 = ri[1];
        int yj0 = rj[1];
        base[ij] = (yi0 * outCols + yj0) * filters;
        rowK[ij] = everyOther(ri);
        colK[ij] = everyOther(rj);
        key[ij] = ((long) mask(rowK[ij]) << 32) | mask(colK[ij]);
      }
    }
  }

  /**
   * Valid (kernel index, output index) pairs of input coordinate x, in ascending output index
   * (nengo-loihi's flipped-kernel order).
   */
  private static int[] valid(int x, int pad, int k, int stride, int out) {
    int[] tmp = new int[2 * k];
    int m = 0;
    for (int r = 0; r < k; r++) {
      int rr = x + pad - (k - 1) + r; // unstrided output coordinate
      if (rr >= 0 && rr <= (out - 1) * stride && rr % stride == 0) {
        tmp[m++] = k - 1 - r;
        tmp[m++] = rr / stride;
      }
    }
    return Arrays.copyOf(tmp, m);
  }

  private static int[] everyOther(int[] pairs) {
    int[] a = new int[pairs.length / 2];
    for (int i = 0; i < a.length; i++) {
      a[i] = pairs[2 * i];
    }
    return a;
  }

  private static int mask(int[] ks) {
    int m = 0;
    for (int k : ks) {
      m |= 1 << k;
    }
    return m;
  }

  /** Input axons of the unsplit synapse: one per input pixel. */
  int unsplitAxons() {
    return base.length;
  }

  /** Synapse bits of the unsplit synapse (one weight set per distinct valid-kernel pattern). */
  long unsplitBits() {
    Set<Long> seen = new HashSet<>();
    long[] sizes = new long[base.length];
    int nSets = 0;
    int maxInd = -1;
    for (int ij = 0; ij < base.length; ij++) {
      if (base[ij] < 0 || !seen.add(key[ij])) {
        continue;
      }
      int ki = rowK[ij].length;
      int kj = colK[ij].length;
      sizes[nSets++] = (long) inCh * ki * kj * filters;
      maxInd = Math.max(maxInd, (ki - 1) * outCols * filters + (kj - 1) * filters + filters - 1);
    }
    int idx = idxBits(maxInd);
    long bits = 0;
    for (int s = 0; s < nSets; s++) {
      bits += setBits(sizes[s], idx);
    }
    return bits;
  }

  /** Target compartments of pixel ij in nengo-loihi's order ({@code (row, col, filter)}). */
  private int[] targets(int ij) {
    int ki = rowK[ij].length;
    int kj = colK[ij].length;
    int[] t = new int[ki * kj * filters];
    int q = 0;
    for (int a = 0; a < ki; a++) {
      for (int b = 0; b < kj; b++) {
        for (int f = 0; f < filters; f++) {
          t[q++] = base[ij] + a * outCols * filters + b * filters + f;
        }
      }
    }
    return t;
  }

  /** The costs of each core when the layer is split into {@code cores} (ascending indices). */
  Split split(List<int[]> cores) {
    int n = outRows * outCols * filters;
    int nc = cores.size();
    int[] inAxons = new int[nc];
    long[] bits = new long[nc];
    boolean[][] used = new boolean[nc][base.length];
    int[][] targets = new int[base.length][];
    for (int ij = 0; ij < base.length; ij++) {
      targets[ij] = base[ij] < 0 ? null : targets(ij);
    }
    int[] pos = new int[n];
    for (int c = 0; c < nc; c++) {
      int[] comps = cores.get(c);
      Arrays.fill(pos, -1);
      for (int q = 0; q < comps.length; q++) {
        pos[comps[q]] = q;
      }
      Set<SetKey> sets = new HashSet<>();
      long[] sizes = new long[base.length];
      int nSets = 0;
      int maxInd = -1;
      for (int ij = 0; ij < base.length; ij++) {
        int[] t = targets[ij];
        if (t == null) {
          continue;
        }
        int m = 0;
        for (int id : t) {
          if (pos[id] >= 0) {
            m++;
          }
        }
        if (m == 0) {
          continue;
        }
        inAxons[c]++;
        used[c][ij] = true;
        int[] ii = new int[m];
        int[] tv = new int[m];
        int q = 0;
        for (int x = 0; x < t.length; x++) {
          if (pos[t[x]] >= 0) {
            ii[q] = pos[t[x]];
            tv[q++] = x;
          }
        }
        int newBase = ii[0] % 256; // targets and positions ascend together: ii[0] is the minimum
        for (int x = 0; x < m; x++) {
          ii[x] -= newBase;
        }
        double[] ww = weights(ij, tv);
        if (sets.add(new SetKey(ww, ii))) {
          sizes[nSets++] = ww.length;
          maxInd = Math.max(maxInd, ii[m - 1]);
        }
      }
      int idx = idxBits(maxInd);
      for (int s = 0; s < nSets; s++) {
        bits[c] += setBits(sizes[s], idx);
      }
    }
    return new Split(inAxons, bits, used);
  }

  /** Weights {@code [inChannel][target]} of pixel ij for the chosen target positions. */
  private double[] weights(int ij, int[] targetPos) {
    int kj = colK[ij].length;
    double[] w = new double[inCh * targetPos.length];
    int q = 0;
    for (int c = 0; c < inCh; c++) {
      for (int x : targetPos) {
        int f = x % filters;
        int b = (x / filters) % kj;
        int a = x / filters / kj;
        w[q++] = conv.kernelAt(rowK[ij][a], colK[ij][b], c, f);
      }
    }
    return w;
  }

  /** Index-bit field for the largest target index {@code maxInd} (nengo-loihi idx_bits). */
  static int idxBits(int maxInd) {
    int bits = maxInd <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(maxInd);
    for (int b : INDEX_BITS) {
      if (b >= bits) {
        return b;
      }
    }
    return INDEX_BITS[INDEX_BITS.length - 1];
  }

  /** Bits of one weight set of {@code m} weights with {@code idxBits} index bits per weight. */
  static long setBits(long m, int idxBits) {
    long bits = 0;
    for (long left = m; left > 0; left -= 64) {
      long k = Math.min(64, left);
      long b = k * (8 + idxBits) + 10;
      bits += (b + 63) / 64 * 64;
    }
    return bits;
  }

  /** Pixel (input axon) of each compartment of the layer feeding this convolution. */
  int pixelOf(int preCompartment) {
    return preCompartment / inCh;
  }

  private record SetKey(double[] w, int[] ii) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SetKey k && Arrays.equals(w, k.w) && Arrays.equals(ii, k.ii);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(w) + Arrays.hashCode(ii);
    }

    @Override
    public String toString() {
      return "SetKey(" + w.length + ")";
    }
  }
}
