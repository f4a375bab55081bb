package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;

/** Every row's argmax against {@link Loss#argmax}'s scalar loop, ties and special values too. */
class RowArgmaxTest {

  /** Few distinct values (ties are common), ±0, infinities and, with {@code nans}, NaN. */
  private static float[] readout(Random r, int n, boolean nans) {
    float[] pool = {
      0f, -0f, 1f, 2f, -3f, 2.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE
    };
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : pool[r.nextInt(pool.length)];
      if (nans && r.nextInt(7) == 0) {
        v[i] = Float.NaN;
      }
    }
    return v;
  }

  private static int[] scalar(float[] v, int rows, int classes) {
    int[] out = new int[rows];
    for (int row = 0; row < rows; row++) {
      out[row] = Loss.argmax(v, row, classes);
    }
    return out;
  }

  @Test
  void everyRowGetsTheScalarLoopsClassWithTiesZerosInfinitiesAndNans() {
    Random r = new Random(28);
    for (int classes : new int[] {1, 2, 3, 10, 16, 17}) {
      for (int rows : new int[] {0, 1, 7, 8, 9, 64, 203}) {
        for (boolean nans : new boolean[] {false, true}) {
          float[] v = readout(r, rows * classes + 3, nans);
          int[] out = new int[rows + 1];
          out[rows] = -7;
          RowArgmax.of(v, rows, classes, out);
          int[] expected = scalar(v, rows, classes);
          for (int row = 0; row < rows; row++) {
            assertEquals(expected[row], out[row], classes + " classes, row " + row);
          }
          assertEquals(-7, out[rows], "no result past the rows");
        }
      }
    }
  }

  @Test
  void theVectorLoopDoesWholeGroupsOfEightRowsLikeTheScalarLoop() {
    Random r = new Random(29);
    for (int classes : new int[] {1, 10, 33}) {
      int rows = 21;
      float[] v = readout(r, rows * classes, true);
      int[] out = new int[rows];
      assertEquals(16, VectorLoops.argmaxRows(v, rows, classes, out));
      int[] expected = scalar(v, 16, classes);
      int[] head = new int[16];
      System.arraycopy(out, 0, head, 0, 16);
      assertArrayEquals(expected, head, classes + " classes");
    }
  }

  @Test
  void aShortArrayOrNoClassesIsAnErrorNamingTheSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RowArgmax.of(new float[19], 2, 10, new int[2]));
    assertEquals(
        "RowArgmax: 2 rows of 10 classes (>= 1) need 20 values and 2 results, got 19 and 2",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RowArgmax.of(new float[4], 2, 0, new int[2]));
    assertThrows(IllegalArgumentException.class, () -> RowArgmax.of(new float[20], 2, 10, new int[1]));
  }
}
