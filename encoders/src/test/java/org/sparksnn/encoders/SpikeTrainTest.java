package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class SpikeTrainTest {
  private static boolean[][] random(int steps, int inputs, Random rng) {
    boolean[][] s = new boolean[steps][inputs];
    for (boolean[] row : s) {
      for (int i = 0; i < inputs; i++) {
        row[i] = rng.nextInt(5) == 0;
      }
    }
    return s;
  }

  @Test
  void bitPackingRoundTripsForOddSizes() {
    Random rng = new Random(1);
    int[][] sizes = {{1, 785}, {1, 1}, {3, 1}, {7, 13}, {30, 784}, {9, 8}};
    for (int[] size : sizes) {
      boolean[][] ref = random(size[0], size[1], rng);
      SpikeTrain t = SpikeTrain.of(ref);
      byte[] bytes = t.toBytes();
      assertEquals((size[0] * size[1] + 7) / 8, bytes.length);
      SpikeTrain back = SpikeTrain.fromBytes(bytes, size[0], size[1]);
      int[] counts = new int[size[1]];
      long total = 0;
      float[] row = new float[size[1] + 3];
      for (int step = 0; step < size[0]; step++) {
        back.fillStep(step, row, 3);
        for (int i = 0; i < size[1]; i++) {
          assertEquals(ref[step][i], back.get(step, i));
          assertEquals(ref[step][i] ? 1f : 0f, row[3 + i]);
          assertEquals(ref[step][i] ? 1f : 0f, back.value(step, i));
          counts[i] += ref[step][i] ? 1 : 0;
          total += ref[step][i] ? 1 : 0;
        }
      }
      assertArrayEquals(bytes, back.toBytes());
      assertEquals(t, back);
      assertArrayEquals(counts, back.countPerInput());
      assertEquals(total, back.totalSpikes());
    }
  }

  @Test
  void activeInputsListsEachStepsSpikesInOrderAcrossByteBoundaries() {
    Random rng = new Random(2);
    int[][] sizes = {{1, 785}, {3, 1}, {7, 13}, {30, 784}, {9, 8}, {5, 3}};
    for (int[] size : sizes) {
      boolean[][] s = random(size[0], size[1], rng);
      s[size[0] - 1][size[1] - 1] = true; // the last bit of the train
      SpikeTrain t = SpikeTrain.of(s);
      int[] out = new int[size[1]];
      for (int step = 0; step < size[0]; step++) {
        final int st = step;
        int[] expected = IntStream.range(0, size[1]).filter(i -> t.get(st, i)).toArray();
        int m = t.activeInputs(step, out);
        assertArrayEquals(expected, Arrays.copyOf(out, m),
            size[0] + "x" + size[1] + " step " + step);
      }
    }
    assertEquals(0, SpikeTrain.of(new boolean[2][11]).activeInputs(1, new int[11]));
    SpikeTrain two = SpikeTrain.of(new boolean[2][3]);
    assertThrows(IllegalArgumentException.class, () -> two.activeInputs(2, new int[3]));
  }

  @Test
  void layoutIsNumpyPackbitsLittle() {
    boolean[][] s = new boolean[2][5];
    s[0][0] = true; // bit 0
    s[1][4] = true; // bit 9
    SpikeTrain t = SpikeTrain.of(s);
    assertArrayEquals(new byte[] {0b0000_0001, 0b0000_0010}, t.toBytes());
    assertEquals(2, t.totalSpikes());
    assertArrayEquals(new int[] {1, 0, 0, 0, 1}, t.countPerInput());
  }

  @Test
  void wrongLengthIsRejectedWithSizes() {
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> SpikeTrain.fromBytes(new byte[3], 30, 784));
    assertEquals("spike train of 30 steps x 784 inputs needs 2940 bytes, got 3", e.getMessage());
  }

  @Test
  void setPaddingBitsAreRejected() {
    // 1 step x 785 inputs: 99 bytes, only bit 0 of the last byte is used
    byte[] b = new byte[99];
    b[98] = 0b0000_0011;
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> SpikeTrain.fromBytes(b, 1, 785));
    assertEquals(
        "spike train of 1 steps x 785 inputs: padding bits of the last byte must be 0, got byte"
            + " 0x03",
        e.getMessage());
    b[98] = 1;
    assertEquals(1, SpikeTrain.fromBytes(b, 1, 785).totalSpikes());
  }

  @Test
  void indicesOutsideTheTrainAreRejected() {
    SpikeTrain t = SpikeTrain.of(new boolean[2][3]);
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
    assertEquals(
        "SpikeTrain.step must be in [0, 1], got 2",
        assertThrows(IllegalArgumentException.class, () -> t.fillStep(2, new float[3], 0))
            .getMessage());
  }

  @Test
  void equalityIsByShapeAndSpikes() {
    boolean[][] a = new boolean[2][4];
    a[1][2] = true;
    assertEquals(SpikeTrain.of(a), SpikeTrain.of(a.clone()));
    assertNotEquals(SpikeTrain.of(a), SpikeTrain.of(new boolean[4][2]));
  }
}
