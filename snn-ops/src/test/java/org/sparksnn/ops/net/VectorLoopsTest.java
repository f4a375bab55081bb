package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector loops against the scalar loops they replace: the same bits, special values too. */
class VectorLoopsTest {

  @Test
  void theVectorLoopsRunWhereTheJvmHas512BitVectors() {
    // surefire passes --add-modules=jdk.incubator.vector; on a CPU without AVX-512 the scalar
    // loops run (the equality tests below still check the vector loops, emulated)
    assertEquals(VectorLoops.supported(), Simd.ENABLED);
  }

  @Test
  void lowpassEqualsTheScalarStepBitForBit() {
    Random r = new Random(11);
    for (int channels : new int[] {1, 7, 8, 13, 128}) {
      int n = 5 * channels;
      double[] a = new double[channels];
      double[] keep = new double[channels];
      for (int c = 0; c < channels; c++) {
        a[c] = LowpassLayer.smoothing(0.0005 + 0.003 * r.nextDouble(), 0.001);
        keep[c] = 1 - a[c];
      }
      float[] yv = new float[n];
      float[] ys = new float[n];
      for (int t = 0; t < 40; t++) {
        float[] in = lowpassInput(r, n + 3, t == 30);
        float[] ov = new float[n + 2];
        float[] os = new float[n + 2];
        assertEquals(n, VectorLoops.lowpass(yv, in, 3, ov, 2, n, channels, a, keep));
        for (int k = 0; k < n; k++) {
          int c = k % channels;
          ys[k] = (float) (a[c] * ys[k] + keep[c] * in[3 + k]);
          os[2 + k] = ys[k];
        }
        assertArrayEquals(ys, yv, "channels " + channels + " step " + t);
        assertArrayEquals(os, ov, "channels " + channels + " step " + t);
      }
    }
  }

  @Test
  void uniformLowpassEqualsTheScalarStepBitForBit() {
    Random r = new Random(12);
    for (int n : new int[] {1, 7, 8, 13, 640}) {
      double a = LowpassLayer.smoothing(0.0005 + 0.003 * r.nextDouble(), 0.001);
      double keep = 1 - a;
      float[] yv = new float[n];
      float[] ys = new float[n];
      for (int t = 0; t < 40; t++) {
        float[] in = lowpassInput(r, n + 3, t == 30);
        float[] ov = new float[n + 2];
        float[] os = new float[n + 2];
        int done = VectorLoops.lowpassUniform(yv, in, 3, ov, 2, n, a, keep);
        assertEquals(n - n % 8, done);
        for (int k = 0; k < n; k++) {
          ys[k] = (float) (a * ys[k] + keep * in[3 + k]);
          os[2 + k] = ys[k];
          if (k >= done) { // the caller's scalar tail
            yv[k] = ys[k];
            ov[2 + k] = ys[k];
          }
        }
        assertArrayEquals(ys, yv, "n " + n + " step " + t);
        assertArrayEquals(os, ov, "n " + n + " step " + t);
      }
    }
  }

  /**
   * A lowpass step's input: spike-like values (0, 1000, 2000) and subnormals, one MAX_VALUE, one
   * −0 and, with {@code special}, a NaN and an infinity.
   */
  private static float[] lowpassInput(Random r, int length, boolean special) {
    float[] in = new float[length];
    for (int k = 0; k < length; k++) {
      in[k] = r.nextInt(4) == 0 ? 1000f * r.nextInt(3) : (float) r.nextGaussian() * 1e-39f;
    }
    in[r.nextInt(length)] = Float.MAX_VALUE;
    in[r.nextInt(length)] = -0f;
    if (special && length > 4) {
      in[2] = Float.NaN;
      in[4] = Float.POSITIVE_INFINITY;
    }
    return in;
  }

  @Test
  void spikingReluStepEqualsTheScalarStepBitForBit() {
    assertStepEqualsTheScalarStep(false);
    assertStepEqualsTheScalarStep(true); // evaluation: groups without a spike skip the floor
  }

  private static void assertStepEqualsTheScalarStep(boolean quietFirst) {
    Random r = new Random(12);
    for (double scale : new double[] {1.0, 7.3, 1000.0}) {
      for (double amplitude : new double[] {1.0, 2.5, 0.37}) {
        double dt = amplitude == 1.0 ? 0.001 : amplitude == 2.5 ? 0.0007 : 0.1;
        int n = 2003;
        double[] vv = new double[n];
        double[] drive = new double[n];
        for (int k = 0; k < n; k++) {
          vv[k] = r.nextDouble();
          drive[k] = (k / 8) % 3 == 0 || r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * (r.nextBoolean() ? 1 : 3e6);
        }
        // whole numbers, values next to them, 2^52 and beyond, infinity
        drive[0] = 1.0 - vv[0];
        drive[1] = Math.nextDown(1.0 - vv[1]);
        drive[2] = 0x1p52;
        drive[3] = 0x1p52 - 0.5;
        drive[4] = 0x1p60;
        drive[5] = 3e300;
        drive[6] = Double.POSITIVE_INFINITY;
        drive[7] = 63.5;
        drive[8] = 64.0;
        double[] vs = vv.clone();
        for (int t = 0; t < 5; t++) {
          float[] ov = new float[n + 1];
          float[] os = new float[n + 1];
          float zero = (float) (amplitude * 0.0 / dt);
          zero = scale == 1.0 ? zero : (float) (zero / scale);
          int done =
              VectorLoops.spikingReluStep(
                  vv, drive, ov, 1, n, amplitude, dt, scale, zero, quietFirst);
          for (int k = done; k < n; k++) {
            scalarStep(vv, drive, ov, 1, k, amplitude, dt, scale);
          }
          for (int k = 0; k < n; k++) {
            scalarStep(vs, drive, os, 1, k, amplitude, dt, scale);
          }
          assertArrayEquals(vs, vv, quietFirst + " " + scale + " " + amplitude + " step " + t);
          assertArrayEquals(os, ov, quietFirst + " " + scale + " " + amplitude + " step " + t);
        }
      }
    }
  }

  @Test
  void spikingReluStepStopsBeforeTheFirstGroupWithANan() {
    double[] v = new double[24];
    double[] drive = new double[24];
    java.util.Arrays.fill(drive, 0.4);
    drive[17] = Double.NaN;
    for (boolean quietFirst : new boolean[] {false, true}) {
      java.util.Arrays.fill(v, 0.0);
      float[] out = new float[24];
      assertEquals(
          16, VectorLoops.spikingReluStep(v, drive, out, 0, 24, 1.0, 0.001, 1.0, 0f, quietFirst));
      assertEquals(0.4, v[15]);
      assertEquals(0.0, v[16], "not touched");
    }
  }

  @Test
  void rowSumsEqualThePlainLoopBitForBit() {
    Random r = new Random(13);
    for (int width : new int[] {1, 8, 13, 128}) {
      int rows = 37;
      float[] m = new float[rows * width + 5];
      for (int k = 0; k < m.length; k++) {
        double magnitude = Math.pow(10, r.nextInt(12) - 6);
        m[k] = r.nextInt(3) == 0 ? 0f : (float) (r.nextGaussian() * magnitude);
      }
      m[3] = Float.NaN;
      m[width] = Float.POSITIVE_INFINITY;
      double[] acc = new double[width];
      double[] plain = new double[width];
      for (int rep = 0; rep < 3; rep++) {
        RowSums.accumulate(m, rows, width, acc);
        for (int row = 0; row < rows; row++) {
          for (int k = 0; k < width; k++) {
            plain[k] += m[row * width + k];
          }
        }
        assertArrayEquals(plain, acc, "width " + width);
      }
    }
    assertThrows(
        IllegalArgumentException.class, () -> RowSums.accumulate(new float[7], 2, 4, new double[4]));
  }

  @Test
  void driveEqualsTheScalarLoopBitForBit() {
    Random r = new Random(14);
    int n = 203;
    float[] in = new float[n + 3];
    for (int k = 0; k < in.length; k++) {
      in[k] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(80) - 40));
    }
    float[] special = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
      -Float.MIN_VALUE, Float.MAX_VALUE
    };
    System.arraycopy(special, 0, in, 5, special.length);
    for (double scale : new double[] {1.0, 7.3, 1e30}) {
      for (double dt : new double[] {0.001, 0.1}) {
        double[] vector = new double[n];
        double[] scalar = new double[n];
        int done = VectorLoops.drive(in, 3, vector, n, dt, scale);
        for (int k = 0; k < n; k++) {
          float j = in[3 + k];
          double d = scale == 1.0 ? Math.max((double) j, 0.0) * dt
              : Math.max((double) (float) (scale * j), 0.0) * dt;
          scalar[k] = d;
          if (k >= done) {
            vector[k] = d;
          }
        }
        assertEquals(n - n % 8, done);
        assertArrayEquals(scalar, vector, scale + " " + dt);
      }
    }
  }

  /** ActivationLayer's scalar step (spikeOutput written out). */
  private static void scalarStep(
      double[] v, double[] drive, float[] out, int outOff, int k, double amplitude, double dt,
      double scale) {
    double vk = v[k] + drive[k];
    double count = Math.floor(vk);
    v[k] = vk - count;
    double value = amplitude * count / dt;
    out[outOff + k] = scale == 1.0 ? (float) value : (float) ((float) value / scale);
  }
  @Test
  void nonZeroBitsMarkExactlyTheEntriesThatAreNotZero() {
    Random r = new Random(17);
    float[] special = {
      0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, 1e-39f, 1f, -2.5f
    };
    for (int round = 0; round < 200; round++) {
      float[] m = new float[64 + 5];
      for (int k = 0; k < m.length; k++) {
        m[k] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : 0f;
      }
      int off = round % 6;
      long expected = 0;
      for (int q = 0; q < 64; q++) {
        expected |= (m[off + q] != 0f ? 1L : 0L) << q;
      }
      assertEquals(expected, VectorLoops.nonZeroBits(m, off), "round " + round);
    }
  }

  @Test
  void finitePrefixFindsEveryNonFiniteElementOfItsGroupsOf32() {
    for (int length : new int[] {0, 31, 32, 33, 100, 128}) {
      int prefix = length - length % 32;
      float[] a = new float[length];
      for (int k = 0; k < length; k++) {
        // ±0, subnormals, the largest finite values: all times 0 are ±0
        a[k] = k % 4 == 0 ? -0f : k % 4 == 1 ? Float.MIN_VALUE : k % 4 == 2 ? -Float.MAX_VALUE : 1f;
      }
      assertEquals(prefix, VectorLoops.finitePrefix(a), "all finite, length " + length);
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        for (int at = 0; at < length; at++) {
          float keep = a[at];
          a[at] = bad;
          // past the prefix the caller's scalar loop looks
          assertEquals(at < prefix ? -1 : prefix, VectorLoops.finitePrefix(a), bad + " at " + at);
          a[at] = keep;
        }
      }
    }
  }

  @Test
  void sparseIndexIsTheSameWithTheVectorMask() {
    Random r = new Random(23);
    for (int cols : new int[] {10, 64, 100, 128, 200}) {
      int rows = 9;
      float[] m = new float[rows * cols];
      for (int k = 0; k < m.length; k++) {
        int pick = r.nextInt(10);
        m[k] = pick == 0 ? Float.NaN : pick < 4 ? r.nextFloat() : pick == 4 ? -0f : 0f;
      }
      DenseKernels.SparseRows scalar = new DenseKernels.SparseRows();
      DenseKernels.SparseRows vector = new DenseKernels.SparseRows();
      scalar.build(m, rows, cols, false);
      vector.build(m, rows, cols, true);
      assertEquals(scalar.nonZeros, vector.nonZeros);
      assertArrayEquals(
          java.util.Arrays.copyOf(scalar.rowStart, rows + 1),
          java.util.Arrays.copyOf(vector.rowStart, rows + 1));
      assertArrayEquals(
          java.util.Arrays.copyOf(scalar.column, scalar.nonZeros),
          java.util.Arrays.copyOf(vector.column, vector.nonZeros));
      for (int k = 0; k < scalar.nonZeros; k++) {
        assertEquals(
            Float.floatToRawIntBits(scalar.value[k]), Float.floatToRawIntBits(vector.value[k]));
      }
    }
  }
}
