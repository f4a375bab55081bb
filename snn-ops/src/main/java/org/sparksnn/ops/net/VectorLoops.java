package org.sparksnn.ops.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector versions of the scalar loops of {@link ActivationLayer} and {@link LowpassLayer} that
 * round between float and double, of {@link DenseKernels}' event-driven sums and of {@link
 * ParameterSet#allFinite}'s check: eight lanes at a time, the same IEEE operations in the same
 * order as the scalar loops (no fused multiply-add), so the same bits. Only called when {@link
 * Simd#ENABLED}: loading this class needs the module {@code jdk.incubator.vector}. Each method
 * returns how many leading elements it did; the caller's scalar loop does the rest.
 *
 * <p>One species per element type: floats and ints 256-bit ({@link #FLOATS}, {@link #INTS}),
 * doubles 512-bit ({@link #DOUBLES}). The Vector API's shared code (species lookups, its Java
 * fallbacks) sees every vector class its callers use; with two of one element type its speculative
 * class checks fail now and then. C2 adds up the class-check traps recorded in every method it
 * inlines into one compilation; at {@code -XX:PerMethodTrapLimit} (100) it stops speculating on
 * classes in that compilation, and vector operations whose class it then cannot prove stay calls
 * that allocate a box per vector. Session 18 met it as a 2.3× slower evaluation when one loop
 * stored 512-bit float vectors; session 20 found the same with 512-bit float loads in {@link
 * #nonZeroBits}: 3 JVMs in 64 ran the sweep's kernels at 1.7 M instead of 3.7 M image-steps/s
 * (which loop's compilation came after the hundredth trap was a matter of timing). {@code
 * VectorLoopsSpeciesTest} keeps it to one species per element type.
 */
final class VectorLoops {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;
  /** Eight floats' bit patterns read as ints, for {@link #nonZeroBits}. */
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
  /** Lane i holds i: each lane's bit position in {@link #nonZeroBits8}. */
  private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);
  private static final int LANES = 8;
  /** 2⁵²: for 0 ≤ x < 2⁵², {@code (x + 2⁵²) − 2⁵²} is x rounded to an integer, exactly. */
  private static final double TWO_52 = 0x1p52;

  private VectorLoops() {}

  /**
   * True if C2 runs this class's 512-bit vectors as machine vectors (AVX-512). Elsewhere the Vector
   * API would run them in Java, far slower than the scalar loops.
   */
  static boolean supported() {
    return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
  }

  /**
   * The lowpass step over rows of {@code channels} values: {@code y[k] = (float) (a[c]·y[k] +
   * keep[c]·in[inOff + k])}, {@code out[outOff + k] = y[k]}, for the first {@code n} elements (c =
   * k mod channels). Does whole rows' vector parts; returns {@code n} (the row tails are done
   * here, as the scalar loop does them).
   */
  static int lowpass(
      float[] y,
      float[] in,
      int inOff,
      float[] out,
      int outOff,
      int n,
      int channels,
      double[] a,
      double[] keep) {
    int vectorPart = channels - channels % LANES;
    for (int row = 0; row < n; row += channels) {
      int c = 0;
      for (; c < vectorPart; c += LANES) {
        int k = row + c;
        DoubleVector yk = toDoubles(FloatVector.fromArray(FLOATS, y, k));
        DoubleVector xk = toDoubles(FloatVector.fromArray(FLOATS, in, inOff + k));
        DoubleVector sum =
            DoubleVector.fromArray(DOUBLES, a, c)
                .mul(yk)
                .add(DoubleVector.fromArray(DOUBLES, keep, c).mul(xk));
        FloatVector f = toFloats(sum);
        f.intoArray(y, k);
        f.intoArray(out, outOff + k);
      }
      for (; c < channels; c++) {
        int k = row + c;
        y[k] = (float) (a[c] * y[k] + keep[c] * in[inOff + k]);
        out[outOff + k] = y[k];
      }
    }
    return n;
  }

  /**
   * {@link #lowpass} where every channel has the same factors {@code a} and {@code keep}: {@code
   * y[k] = (float) (a·y[k] + keep·in[inOff + k])}, {@code out[outOff + k] = y[k]}, for the leading
   * whole groups of eight of the {@code n} elements; returns how many it did.
   */
  static int lowpassUniform(
      float[] y, float[] in, int inOff, float[] out, int outOff, int n, double a, double keep) {
    int end = n - n % LANES;
    for (int k = 0; k < end; k += LANES) {
      DoubleVector yk = toDoubles(FloatVector.fromArray(FLOATS, y, k));
      DoubleVector xk = toDoubles(FloatVector.fromArray(FLOATS, in, inOff + k));
      FloatVector f = toFloats(yk.mul(a).add(xk.mul(keep)));
      f.intoArray(y, k);
      f.intoArray(out, outOff + k);
    }
    return end;
  }

  /**
   * The spiking-relu step with its output for the leading elements: {@code vk = v[k] + drive[k];
   * count = floor(vk); v[k] = vk − count; out[outOff + k] = (float) (amplitude·count/dt)}, then,
   * if {@code scale != 1}, {@code (float) (thatFloat / scale)}. Stops before the first group of
   * eight with a {@code vk} that is not a number ≥ 0 (NaN; a negative value cannot arise from
   * voltages in [0, 1) and drives ≥ 0) and returns where it stopped. {@code zeroOutput} is the
   * output of 0 spikes, stored without the divisions for groups without a spike.
   *
   * <p>With {@code quietFirst}, a group whose eight {@code vk} are all below 1 skips the floor (its
   * counts are 0 and its voltages stay {@code vk}): evaluation at dt 1 ms, where most neurons do
   * not spike in a step, ran 7–12 % faster (session 21). Spiking-aware training at dt 0.1 spikes
   * in most groups; with the check on, its first batch-32 epoch (interpreted vector code at first)
   * was slower in 4 of 4 alternated pairs, so training passes false.
   */
  static int spikingReluStep(
      double[] v,
      double[] drive,
      float[] out,
      int outOff,
      int n,
      double amplitude,
      double dt,
      double scale,
      float zeroOutput,
      boolean quietFirst) {
    int k = 0;
    int end = n - n % LANES;
    for (; k < end; k += LANES) {
      DoubleVector vk = DoubleVector.fromArray(DOUBLES, v, k).add(DoubleVector.fromArray(DOUBLES, drive, k));
      if (!vk.compare(VectorOperators.GE, 0.0).allTrue()) {
        break;
      }
      if (quietFirst && !vk.compare(VectorOperators.GE, 1.0).anyTrue()) {
        // every vk in [0, 1): no spike, floor is 0 and the voltage stays vk: the output of 0
        // spikes
        vk.intoArray(v, k);
        FloatVector.broadcast(FLOATS, zeroOutput).intoArray(out, outOff + k);
        continue;
      }
      // floor: the nearest integer, one less where it lies above; values ≥ 2⁵² are integers
      DoubleVector nearest = vk.add(TWO_52).sub(TWO_52);
      DoubleVector count = nearest.lanewise(VectorOperators.SUB, 1.0, nearest.compare(VectorOperators.GT, vk));
      VectorMask<Double> huge = vk.compare(VectorOperators.GE, TWO_52);
      count = count.blend(vk, huge);
      vk.sub(count).intoArray(v, k);
      if (!count.compare(VectorOperators.NE, 0.0).anyTrue()) {
        // no spike in these eight (most groups at low rates): the output of 0 spikes
        FloatVector.broadcast(FLOATS, zeroOutput).intoArray(out, outOff + k);
        continue;
      }
      FloatVector f = toFloats(count.mul(amplitude).div(dt));
      if (scale != 1.0) {
        f = toFloats(toDoubles(f).div(scale));
      }
      f.intoArray(out, outOff + k);
    }
    return k;
  }

  /**
   * Checks the leading whole groups of 32 of {@code a}'s elements for infinities and NaNs: returns
   * how many it checked if they are all finite, −1 if one is not. Every element is multiplied by 0
   * and added into one of four accumulators, whose lanes stay ±0 unless an element was infinite or
   * NaN. Uses only the float species and operations of {@link #accumulate} (see the class comment
   * on what mixing species cost).
   */
  static int finitePrefix(float[] a) {
    int end = a.length - a.length % (4 * LANES);
    FloatVector s0 = FloatVector.broadcast(FLOATS, 0f);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    for (int k = 0; k < end; k += 4 * LANES) {
      s0 = s0.add(FloatVector.fromArray(FLOATS, a, k).mul(0f));
      s1 = s1.add(FloatVector.fromArray(FLOATS, a, k + LANES).mul(0f));
      s2 = s2.add(FloatVector.fromArray(FLOATS, a, k + 2 * LANES).mul(0f));
      s3 = s3.add(FloatVector.fromArray(FLOATS, a, k + 3 * LANES).mul(0f));
    }
    float[] lanes = new float[LANES];
    s0.add(s1).add(s2).add(s3).intoArray(lanes, 0);
    for (float lane : lanes) {
      if (lane != 0f) {
        return -1;
      }
    }
    return end;
  }

  /**
   * {@code out[r] =} the index of the largest of the {@code classes} values of row r of {@code v}
   * (row-major), the first one on ties, for the leading whole groups of eight of the {@code rows}
   * rows; returns how many rows it did. Eight rows at a time, one lane per row: lane i reads column
   * k of row r + i and takes it where it is greater ({@code >}, false for NaN) than the lane's best
   * so far, column by column from k = 1, which is {@link org.sparksnn.ops.loss.Loss#argmax}'s
   * scalar loop in every lane, with no branch on the values. The column indices travel as floats
   * (exact below 2²⁴) to keep to the one float species.
   */
  static int argmaxRows(float[] v, int rows, int classes, int[] out) {
    int[] lanesToRows = new int[LANES];
    for (int i = 0; i < LANES; i++) {
      lanesToRows[i] = i * classes;
    }
    float[] index = new float[LANES];
    int r = 0;
    for (; r + LANES <= rows; r += LANES) {
      int base = r * classes;
      FloatVector best = FloatVector.fromArray(FLOATS, v, base, lanesToRows, 0);
      FloatVector bestIndex = FloatVector.zero(FLOATS);
      for (int k = 1; k < classes; k++) {
        FloatVector x = FloatVector.fromArray(FLOATS, v, base + k, lanesToRows, 0);
        VectorMask<Float> greater = x.compare(VectorOperators.GT, best);
        best = best.blend(x, greater);
        bestIndex = bestIndex.blend((float) k, greater);
      }
      bestIndex.intoArray(index, 0);
      for (int i = 0; i < LANES; i++) {
        out[r + i] = (int) index[i];
      }
    }
    return r;
  }

  /**
   * {@code acc[k] += values[off + k]} (as double) for the leading whole groups of eight of the
   * {@code width} elements; returns how many it did.
   */
  static int addTo(double[] acc, float[] values, int off, int width) {
    int end = width - width % LANES;
    for (int k = 0; k < end; k += LANES) {
      DoubleVector.fromArray(DOUBLES, acc, k)
          .add(toDoubles(FloatVector.fromArray(FLOATS, values, off + k)))
          .intoArray(acc, k);
    }
    return end;
  }

  /**
   * {@code y[k] = a·y[k] + keep·x[k]} (x as double; a multiply, a multiply and an add, no fused
   * multiply-add) for the leading whole groups of eight of the first {@code n} elements; returns how
   * many it did.
   */
  static int smoothInDouble(double[] y, float[] x, int n, double a, double keep) {
    int end = n - n % LANES;
    for (int k = 0; k < end; k += LANES) {
      DoubleVector.fromArray(DOUBLES, y, k)
          .mul(a)
          .add(toDoubles(FloatVector.fromArray(FLOATS, x, k)).mul(keep))
          .intoArray(y, k);
    }
    return end;
  }

  /**
   * Spiking relu's drive for the leading whole groups of eight of {@code n} currents: {@code
   * drive[k] = max((double) in[inOff + k], 0)·dt} for {@code scale == 1}, else {@code max((double)
   * (float) (scale·in[inOff + k]), 0)·dt} (Java's {@code Math.max}: NaN stays NaN, −0 gives +0);
   * returns how many it did.
   */
  static int drive(float[] in, int inOff, double[] drive, int n, double dt, double scale) {
    int end = n - n % LANES;
    for (int k = 0; k < end; k += LANES) {
      DoubleVector j = toDoubles(FloatVector.fromArray(FLOATS, in, inOff + k));
      if (scale != 1.0) {
        j = toDoubles(toFloats(j.mul(scale)));
      }
      j.lanewise(VectorOperators.MAX, 0.0).mul(dt).intoArray(drive, k);
    }
    return end;
  }

  /**
   * {@link DenseKernels#accumulate}'s sums for the leading whole groups of eight of the {@code n}
   * columns: {@code acc[j] += factor[p]·rows[index[p]][j]} for {@code p = from … to − 1}, each
   * product and sum rounded to float in {@code p} order, eight terms per pass over {@code acc}
   * (then single terms); returns how many columns it did. With the index building of {@link
   * #nonZeroBits}, the event-driven product and weight gradient of 256 rows by 784×128 weights
   * took half the time of the scalar loops (four terms per pass, vectorized by C2 itself), which
   * lets pixel inputs take this path instead of BLAS (DenseKernelsBench, session 18).
   */
  static int accumulate(
      float[] acc, float[] factor, int[] index, float[][] rows, int from, int to, int n) {
    int end = n - n % LANES;
    int p = from;
    for (; p + 7 < to; p += 8) {
      float a0 = factor[p];
      float a1 = factor[p + 1];
      float a2 = factor[p + 2];
      float a3 = factor[p + 3];
      float a4 = factor[p + 4];
      float a5 = factor[p + 5];
      float a6 = factor[p + 6];
      float a7 = factor[p + 7];
      float[] r0 = rows[index[p]];
      float[] r1 = rows[index[p + 1]];
      float[] r2 = rows[index[p + 2]];
      float[] r3 = rows[index[p + 3]];
      float[] r4 = rows[index[p + 4]];
      float[] r5 = rows[index[p + 5]];
      float[] r6 = rows[index[p + 6]];
      float[] r7 = rows[index[p + 7]];
      for (int j = 0; j < end; j += LANES) {
        FloatVector.fromArray(FLOATS, acc, j)
            .add(FloatVector.fromArray(FLOATS, r0, j).mul(a0))
            .add(FloatVector.fromArray(FLOATS, r1, j).mul(a1))
            .add(FloatVector.fromArray(FLOATS, r2, j).mul(a2))
            .add(FloatVector.fromArray(FLOATS, r3, j).mul(a3))
            .add(FloatVector.fromArray(FLOATS, r4, j).mul(a4))
            .add(FloatVector.fromArray(FLOATS, r5, j).mul(a5))
            .add(FloatVector.fromArray(FLOATS, r6, j).mul(a6))
            .add(FloatVector.fromArray(FLOATS, r7, j).mul(a7))
            .intoArray(acc, j);
      }
    }
    for (; p < to; p++) {
      float a = factor[p];
      float[] row = rows[index[p]];
      for (int j = 0; j < end; j += LANES) {
        FloatVector.fromArray(FLOATS, acc, j)
            .add(FloatVector.fromArray(FLOATS, row, j).mul(a))
            .intoArray(acc, j);
      }
    }
    return end;
  }

  /** The widest output {@link #accumulateNarrow} takes: two vectors of eight. */
  static final int NARROW = 2 * LANES;

  /**
   * {@link #accumulate}'s sums for a layer of at most {@link #NARROW} outputs whose rows are
   * padded to {@code NARROW} columns: {@code acc[j] += factor[p]·rows[index[p]][j]} for {@code p =
   * from … to − 1} and j in 0..15, each product and sum rounded to float in {@code p} order, the
   * same operations as the scalar loop for every column. The sixteen sums stay in two registers
   * for all the terms (the scalar loop of ten columns loads and stores them every four terms);
   * the padding columns' sums are the caller's to ignore.
   */
  static void accumulateNarrow(
      float[] acc, float[] factor, int[] index, float[][] rows, int from, int to) {
    FloatVector lo = FloatVector.fromArray(FLOATS, acc, 0);
    FloatVector hi = FloatVector.fromArray(FLOATS, acc, LANES);
    for (int p = from; p < to; p++) {
      float a = factor[p];
      float[] row = rows[index[p]];
      lo = lo.add(FloatVector.fromArray(FLOATS, row, 0).mul(a));
      hi = hi.add(FloatVector.fromArray(FLOATS, row, LANES).mul(a));
    }
    lo.intoArray(acc, 0);
    hi.intoArray(acc, LANES);
  }

  /**
   * The product of {@code x [rows × in]} (row-major) with weights of at most {@link #NARROW}
   * columns whose rows are padded to {@code NARROW}: {@code out[r·n + j] = Σ_i x[r·in + i]·w[i][j]}
   * for j &lt; n, each product and sum rounded to float in {@code i} order from {@code +0f}: bit for
   * bit {@link #accumulateNarrow} over the row's non-zeros, for finite weights (a zero input adds
   * a ±0 product, which leaves a sum that starts at +0 unchanged). Four rows at a time, so that
   * eight independent sums hide the additions' latency; {@code tmp} is 16 floats of scratch.
   */
  static void denseNarrow(
      float[] x, int rows, int in, float[][] w, float[] out, int n, float[] tmp) {
    int r = 0;
    for (; r + 3 < rows; r += 4) {
      int o0 = r * in;
      int o1 = o0 + in;
      int o2 = o1 + in;
      int o3 = o2 + in;
      FloatVector l0 = FloatVector.zero(FLOATS);
      FloatVector h0 = l0;
      FloatVector l1 = l0;
      FloatVector h1 = l0;
      FloatVector l2 = l0;
      FloatVector h2 = l0;
      FloatVector l3 = l0;
      FloatVector h3 = l0;
      for (int i = 0; i < in; i++) {
        float[] wi = w[i];
        FloatVector wl = FloatVector.fromArray(FLOATS, wi, 0);
        FloatVector wh = FloatVector.fromArray(FLOATS, wi, LANES);
        float x0 = x[o0 + i];
        float x1 = x[o1 + i];
        float x2 = x[o2 + i];
        float x3 = x[o3 + i];
        l0 = l0.add(wl.mul(x0));
        h0 = h0.add(wh.mul(x0));
        l1 = l1.add(wl.mul(x1));
        h1 = h1.add(wh.mul(x1));
        l2 = l2.add(wl.mul(x2));
        h2 = h2.add(wh.mul(x2));
        l3 = l3.add(wl.mul(x3));
        h3 = h3.add(wh.mul(x3));
      }
      store(l0, h0, tmp, out, r * n, n);
      store(l1, h1, tmp, out, (r + 1) * n, n);
      store(l2, h2, tmp, out, (r + 2) * n, n);
      store(l3, h3, tmp, out, (r + 3) * n, n);
    }
    for (; r < rows; r++) {
      int o = r * in;
      FloatVector l = FloatVector.zero(FLOATS);
      FloatVector h = l;
      for (int i = 0; i < in; i++) {
        float xi = x[o + i];
        l = l.add(FloatVector.fromArray(FLOATS, w[i], 0).mul(xi));
        h = h.add(FloatVector.fromArray(FLOATS, w[i], LANES).mul(xi));
      }
      store(l, h, tmp, out, r * n, n);
    }
  }

  private static void store(
      FloatVector lo, FloatVector hi, float[] tmp, float[] out, int off, int n) {
    lo.intoArray(tmp, 0);
    hi.intoArray(tmp, LANES);
    System.arraycopy(tmp, 0, out, off, n);
  }

  /**
   * Bit q of the result is set iff {@code m[off + q] != 0f}, for q in 0..63 (Java's {@code !=}:
   * NaN counts as non-zero, −0 as zero). Needs {@code off + 64 <= m.length}.
   *
   * <p>JDK 17 does not compile {@code VectorMask.toLong()} to vector instructions, so each group of
   * eight is reduced by hand: the float's bits without the sign are zero exactly for ±0, their
   * minimum with 1 is the lane's bit, shifted to the lane's position and OR-ed across the lanes.
   * The groups are eight floats, not sixteen, so that every float vector of this class is of the
   * one species {@link #FLOATS} (see the class comment).
   */
  static long nonZeroBits(float[] m, int off) {
    long bits = 0;
    for (int g = 0; g < 64; g += LANES) {
      bits |= nonZeroBits8(m, off + g) << g;
    }
    return bits;
  }

  private static long nonZeroBits8(float[] m, int off) {
    return FloatVector.fromArray(FLOATS, m, off)
            .reinterpretAsInts()
            .and(0x7fffffff)
            .min(1)
            .lanewise(VectorOperators.LSHL, LANE_INDEX)
            .reduceLanes(VectorOperators.OR)
        & 0xffL;
  }

  private static DoubleVector toDoubles(FloatVector f) {
    return (DoubleVector) f.convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  private static FloatVector toFloats(DoubleVector d) {
    return (FloatVector) d.convertShape(VectorOperators.D2F, FLOATS, 0);
  }
}
