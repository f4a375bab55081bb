package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.random.KeyedRandom;

/** The plain-Java dense kernels against double-precision products. */
class DenseKernelsTest {

  /** A rows × cols matrix with about {@code density} of its entries non-zero in [−1, 1). */
  private static float[] sparseMatrix(long seed, int rows, int cols, double density) {
    float[] m = new float[rows * cols];
    for (int k = 0; k < m.length; k++) {
      if (KeyedRandom.uniform(seed, k, 0, 1) < density) {
        m[k] = (float) (2 * KeyedRandom.uniform(seed, k, 1, 2) - 1);
      }
    }
    return m;
  }

  private static float[] flat(float[][] rows) {
    float[] m = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, m, r * rows[0].length, rows[0].length);
    }
    return m;
  }

  @Test
  void sparseProductsMatchDoublePrecisionReference() {
    int rows = 7;
    int in = 40;
    int out = 9;
    float[] x = sparseMatrix(1, rows, in, 0.1);
    float[] w = sparseMatrix(2, in, out, 1.0);
    float[] g = sparseMatrix(3, rows, out, 1.0);
    DenseKernels.SparseRows sp = new DenseKernels.SparseRows();
    sp.build(x, rows, in, false);
    float[] z = new float[rows * out];
    DenseKernels.sparseTimesDense(sp, w, out, z);
    float[] dw = new float[in * out];
    java.util.Arrays.fill(dw, 99f);
    DenseKernels.sparseTransposeTimesDense(sp, g, out, dw);
    float[] dx = new float[rows * in];
    DenseKernels.timesTranspose(g, w, rows, in, out, dx);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int i = 0; i < in; i++) {
          s += (double) x[r * in + i] * w[i * out + j];
        }
        assertEquals(s, z[r * out + j], 1e-5);
      }
      for (int i = 0; i < in; i++) {
        double s = 0;
        for (int j = 0; j < out; j++) {
          s += (double) g[r * out + j] * w[i * out + j];
        }
        assertEquals(s, dx[r * in + i], 1e-5);
      }
    }
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
          s += (double) x[r * in + i] * g[r * out + j];
        }
        assertEquals(s, dw[i * out + j], 1e-5);
      }
    }
  }

  @Test
  void eventDrivenProductsEqualThePlainLoopsBitForBit() {
    assertEventDrivenProductsEqualThePlainLoops(false);
  }

  @Test
  void vectorEventDrivenProductsEqualThePlainLoopsBitForBit() {
    assumeTrue(Simd.ENABLED, "needs jdk.incubator.vector and AVX-512");
    assertEventDrivenProductsEqualThePlainLoops(true);
  }

  private static void assertEventDrivenProductsEqualThePlainLoops(boolean vectorLoops) {
    // The scalar kernels add four terms per pass over the accumulator, the vector ones eight on
    // the leading multiples of eight columns; the plain loops below add one term per pass, in
    // the same order. Rows of 0..30 non-zeros cover every remainder, column counts below, at and
    // around eight and sixteen columns the vector tails.
    int seed = 40;
    for (int rows : new int[] {1, 3, 17, 64}) {
      for (int out : new int[] {1, 8, 9, 10, 16, 17, 33, 128}) {
        int in = rows % 2 == 0 ? 60 : 11 + rows % 5;
        float[] x = sparseMatrix(seed++, rows, in, 0.45);
        x[0] = -0f;
        if (x.length > 5) {
          x[5] = 3e-39f; // subnormal
        }
        float[] w = sparseMatrix(seed++, in, out, 1.0);
        float[] g = sparseMatrix(seed++, rows, out, 1.0);
        DenseKernels.SparseRows sp = new DenseKernels.SparseRows();
        sp.build(x, rows, in, false);
        DenseKernels.RowBuffers buffers = new DenseKernels.RowBuffers();
        float[] z = new float[rows * out];
        float[] dw = new float[in * out];
        // twice through the same buffers: reuse must not change a result
        for (int round = 0; round < 2; round++) {
          DenseKernels.sparseTimesDense(sp, w, out, z, buffers, vectorLoops);
          DenseKernels.sparseTransposeTimesDense(sp, g, out, dw, buffers, vectorLoops);
          float[] zRef = new float[rows * out];
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
              float acc = 0f;
              for (int i = 0; i < in; i++) {
                if (x[r * in + i] != 0f) {
                  acc += x[r * in + i] * w[i * out + j];
                }
              }
              zRef[r * out + j] = acc;
            }
          }
          float[] dwRef = new float[in * out];
          for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
              float a = x[r * in + i];
              if (a != 0f) {
                for (int j = 0; j < out; j++) {
                  dwRef[i * out + j] += a * g[r * out + j];
                }
              }
            }
          }
          for (int k = 0; k < z.length; k++) {
            assertEquals(Float.floatToRawIntBits(zRef[k]), Float.floatToRawIntBits(z[k]), "z " + k);
          }
          for (int k = 0; k < dw.length; k++) {
            assertEquals(
                Float.floatToRawIntBits(dwRef[k]), Float.floatToRawIntBits(dw[k]), "dw " + k);
          }
        }
      }
    }
  }

  @Test
  void denseNarrowProductEqualsTheEventDrivenOneBitForBit() {
    assumeTrue(Simd.ENABLED, "needs jdk.incubator.vector and AVX-512");
    // Rows 1..9 and 64 cover the four-row blocks and every remainder; inputs with -0, subnormals
    // and products that cancel to 0 check that adding the zero inputs' ±0 products changes no sum.
    int seed = 500;
    for (int rows : new int[] {1, 2, 3, 4, 5, 7, 9, 64}) {
      for (int out : new int[] {1, 7, 8, 10, 16}) {
        for (double density : new double[] {0.05, 0.5, 1.0}) {
          int in = 3 + rows * 5 % 41;
          float[] x = sparseMatrix(seed++, rows, in, density);
          float[] w = sparseMatrix(seed++, in, out, 1.0);
          x[0] = -0f;
          if (x.length > 2) {
            x[1] = 3e-39f;
            x[2] = -x[1];
          }
          DenseKernels.SparseRows sp = new DenseKernels.SparseRows();
          sp.build(x, rows, in, false);
          float[] ref = new float[rows * out];
          DenseKernels.sparseTimesDense(sp, w, out, ref);
          float[] z = new float[rows * out];
          DenseKernels.RowBuffers buffers = new DenseKernels.RowBuffers();
          for (int round = 0; round < 2; round++) {
            java.util.Arrays.fill(z, Float.NaN);
            DenseKernels.denseNarrow(x, rows, w, out, z, buffers);
            for (int k = 0; k < z.length; k++) {
              assertEquals(
                  Float.floatToRawIntBits(ref[k]),
                  Float.floatToRawIntBits(z[k]),
                  "rows " + rows + " out " + out + " density " + density + " element " + k);
            }
          }
        }
      }
    }
  }

  @Test
  void narrowLayerEvaluationDoesNotDependOnTheDensityOfItsBatch() {
    // The same first image in a sparse batch (event-driven path) and in a dense one (the dense
    // vector loop; BLAS before session 27): the same bits, equal to the plain loop's.
    assumeTrue(Simd.ENABLED, "needs jdk.incubator.vector and AVX-512");
    int in = 128;
    int out = 10;
    int rows = 256; // enough rows that the dense batch took BLAS before
    float[][] sparse = new float[rows][];
    float[][] dense = new float[rows][];
    for (int b = 0; b < rows; b++) {
      sparse[b] = sparseMatrix(30 + b, 1, in, 0.03);
      dense[b] = b == 0 ? sparse[0] : sparseMatrix(130 + b, 1, in, 1.0);
    }
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {in}, java.util.List.of(new LayerSpec.Dense("d", out, true)), 0.001, 1);
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(5);
    NetworkRunner runner = new NetworkRunner(net);
    float[] a = runner.evaluate(p, Fixtures.tiled(sparse), Fixtures.ids(rows), null);
    float[] b = runner.evaluate(p, Fixtures.tiled(dense), Fixtures.ids(rows), null);
    double threshold = DenseKernels.NARROW_SPARSE_DENSITY;
    assertTrue(DenseKernels.sampledDensity(flat(sparse), rows, in) <= threshold);
    assertTrue(DenseKernels.sampledDensity(flat(dense), rows, in) > threshold);
    float[] w = p.get("d/kernel");
    for (int j = 0; j < out; j++) {
      float acc = 0f;
      for (int i = 0; i < in; i++) {
        acc += sparse[0][i] * w[i * out + j];
      }
      acc += p.get("d/bias")[j];
      int expected = Float.floatToRawIntBits(acc);
      assertEquals(expected, Float.floatToRawIntBits(a[j]), "sparse batch " + j);
      assertEquals(expected, Float.floatToRawIntBits(b[j]), "dense batch " + j);
    }
  }

  @Test
  void sparseIndexKeepsNonZerosInRowAndColumnOrder() {
    float[] m = {0, 2, 0, 3, 0, 0, 0, 0, -1};
    DenseKernels.SparseRows sp = new DenseKernels.SparseRows();
    sp.build(m, 3, 3, false);
    assertEquals(3, sp.nonZeros);
    assertEquals(0, sp.rowStart[0]);
    assertEquals(1, sp.rowStart[1]);
    assertEquals(2, sp.rowStart[2]);
    assertEquals(3, sp.rowStart[3]);
    assertEquals(1, sp.column[0]);
    assertEquals(0, sp.column[1]);
    assertEquals(2, sp.column[2]);
    assertEquals(-1f, sp.value[2]);
  }

  @Test
  void sparsityEstimateSeparatesSpikesFromDenseInputs() {
    assertTrue(DenseKernels.looksSparse(sparseMatrix(4, 64, 784, 0.02), 64, 784, 128));
    assertFalse(DenseKernels.looksSparse(sparseMatrix(5, 64, 784, 0.5), 64, 784, 128));
    // Layers of sixteen or more outputs (the vector sums) take pixel-like densities at any batch.
    assertTrue(DenseKernels.looksSparse(sparseMatrix(5, 256, 784, 0.19), 256, 784, 128));
    assertFalse(DenseKernels.looksSparse(sparseMatrix(5, 256, 784, 0.3), 256, 784, 128));
    assertFalse(DenseKernels.looksSparse(sparseMatrix(5, 256, 784, 0.19), 256, 784, 10));
    // Few rows: the event-driven path pays up to a higher density (BLAS's fixed costs).
    assertTrue(DenseKernels.looksSparse(sparseMatrix(5, 32, 784, 0.19), 32, 784, 10));
    assertTrue(DenseKernels.looksSparse(sparseMatrix(5, 32, 784, 0.35), 32, 784, 128));
    // Small products take the plain loops whatever the density.
    assertTrue(DenseKernels.looksSparse(sparseMatrix(6, 32, 128, 1.0), 32, 128, 10));
  }

  @Test
  void denseLayerGivesTheSameGradientOnSparseAndDenseInputPaths() {
    // Two batches with the same first row: one sparse (event-driven path), one dense (BLAS). With
    // 64 rows the event-driven threshold is a density of 0.25 + 4/64.
    int in = 2000;
    int out = 80;
    int rows = 64;
    float[][] sparse = new float[rows][];
    float[][] dense = new float[rows][];
    for (int b = 0; b < rows; b++) {
      sparse[b] = sparseMatrix(10 + b, 1, in, 0.03);
      dense[b] = b == 0 ? sparse[0] : sparseMatrix(20 + b, 1, in, 1.0);
    }
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {in}, java.util.List.of(new LayerSpec.Dense("d", out, true)), 0.001, 1);
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(3);
    NetworkRunner runner = new NetworkRunner(net);
    float[] a = runner.evaluate(p, Fixtures.tiled(sparse), Fixtures.ids(rows), null);
    float[] b = runner.evaluate(p, Fixtures.tiled(dense), Fixtures.ids(rows), null);
    assertTrue(DenseKernels.looksSparse(flat(sparse), rows, in, out));
    assertFalse(DenseKernels.looksSparse(flat(dense), rows, in, out));
    for (int j = 0; j < out; j++) {
      assertEquals(a[j], b[j], 1e-5);
    }
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % out;
    }
    float[] ga =
        runner
            .gradient(
                p,
                Fixtures.tiled(sparse),
                Fixtures.ids(rows),
                labels,
                org.sparksnn.ops.loss.Loss.MSE)
            .gradient()
            .get("d/kernel");
    float[] w = p.get("d/kernel");
    double[] dz = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < out; j++) {
        double z = p.get("d/bias")[j];
        for (int i = 0; i < in; i++) {
          z += (double) sparse[r][i] * w[i * out + j];
        }
        dz[r * out + j] = 2 * (z - (labels[r] == j ? 1 : 0)) / out;
      }
    }
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
          s += sparse[r][i] * dz[r * out + j];
        }
        assertEquals(s, ga[i * out + j], 1e-5);
      }
    }
  }
}
