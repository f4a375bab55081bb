package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class SpikeTrainTest {
  @Test
  void bitPackingRoundTripsForOddSizes() {
    Random rng = new Random(1);
    int[][] sizes = {{1, 785}, {3, 1}, {7, 13}, {30, 784}};
    for (int[] s : sizes) {
      SpikeTrain t = SpikeTrain.empty(s[0], s[1]);
      boolean[][] ref = new boolean[s[0]][s[1]];
      for (int step = 0; step < s[0]; step++) {
        for (int i = 0; i < s[1]; i++) {
          if (rng.nextInt(5) == 0) {
            t.set(step, i);
            ref[step][i] = true;
          }
        }
      }
      byte[] bytes = t.toBytes();
      assertEquals((s[0] * s[1] + 7) / 8, bytes.length);
      SpikeTrain back = SpikeTrain.fromBytes(bytes, s[0], s[1]);
      for (int step = 0; step < s[0]; step++) {
        for (int i = 0; i < s[1]; i++) {
          assertEquals(ref[step][i], back.get(step, i));
        }
      }
      assertArrayEquals(bytes, back.toBytes());
    }
  }

  @Test
  void layoutIsNumpyPackbitsLittle() {
    SpikeTrain t = SpikeTrain.empty(2, 5);
    t.set(0, 0); // bit 0
    t.set(1, 4); // bit 9
    assertArrayEquals(new byte[] {0b0000_0001, 0b0000_0010}, t.toBytes());
    assertEquals(2, t.totalSpikes());
  }

  @Test
  void wrongLengthIsRejectedWithSizes() {
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> SpikeTrain.fromBytes(new byte[3], 30, 784));
    assertEquals("spike train of 30 steps x 784 inputs needs 2940 bytes, got 3", e.getMessage());
  }
}
