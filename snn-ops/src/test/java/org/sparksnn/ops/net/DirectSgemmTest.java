package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DirectSgemmTest {
  private final Random rnd = new Random(11);

  private INDArray random(int rows, int cols) {
    float[][] v = new float[rows][cols];
    for (float[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) rnd.nextGaussian();
      }
    }
    return Nd4j.createFromArray(v);
  }

  @Test
  void givesTheBitsOfNd4jGemmForEveryTransposeCombination() {
    assertTrue(DirectSgemm.available(), "the CPU backend's OpenBLAS is on the test class path");
    int[][] shapes = {{1, 1, 1}, {37, 100, 13}, {128, 784, 128}, {5, 3, 200}};
    for (int[] s : shapes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          INDArray a = ta ? random(k, m) : random(m, k);
          INDArray b = tb ? random(n, k) : random(k, n);
          INDArray expected = Nd4j.create(DataType.FLOAT, m, n);
          Nd4j.gemm(a, b, expected, ta, tb, 1.0, 0.0);
          INDArray got = Nd4j.create(DataType.FLOAT, m, n);
          DirectSgemm.gemm(a, b, got, ta, tb);
          assertArrayEquals(
              expected.data().asFloat(), got.data().asFloat(),
              m + "x" + k + "x" + n + " transA " + ta + " transB " + tb);
        }
      }
    }
  }

  @Test
  void overwritesWhatTheOutputHeld() {
    INDArray a = random(4, 6);
    INDArray b = random(6, 3);
    INDArray expected = a.mmul(b);
    INDArray c = Nd4j.ones(DataType.FLOAT, 4, 3).muli(1e6f);
    DirectSgemm.gemm(a, b, c, false, false);
    assertArrayEquals(expected.data().asFloat(), c.data().asFloat());
  }

  @Test
  void viewOperandTakesTheNd4jPathAndIsStillRight() {
    INDArray big = random(10, 8);
    INDArray a = big.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all()); // rows 2..5: a view
    assertTrue(a.isView());
    INDArray b = random(8, 5);
    INDArray c = Nd4j.create(DataType.FLOAT, 4, 5);
    DirectSgemm.gemm(a, b, c, false, false);
    assertArrayEquals(a.dup().mmul(b).data().asFloat(), c.data().asFloat(), 1e-5f);
  }

  @Test
  void shapesThatDoNotFitAreRejectedBeforeTouchingMemory() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DirectSgemm.gemm(
                    random(4, 6), random(5, 3), Nd4j.create(DataType.FLOAT, 4, 3), false, false));
    assertTrue(e.getMessage().contains("op(a) 4x6, op(b) 5x3"), e.getMessage());
  }
}
