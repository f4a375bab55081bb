package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class TiledIntensitiesTest {
  @Test
  void storesValuesOnceAsLittleEndianFloat32() {
    TiledIntensities t = new TiledIntensities(1000, new float[] {1f, -0.5f, 0.1f});
    byte[] b = t.toBytes();
    assertEquals(12, b.length, "3 float32 values, not 1000 steps of them");
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, java.util.Arrays.copyOf(b, 4));
    TiledIntensities back = TiledIntensities.fromBytes(b, 1000, 3);
    assertEquals(t, back);
    assertEquals(0.1f, back.value(999, 2));
    float[] row = new float[4];
    back.fillStep(500, row, 1);
    assertArrayEquals(new float[] {0f, 1f, -0.5f, 0.1f}, row);
  }

  @Test
  void wrongLengthIsRejected() {
    assertEquals(
        "tiled intensities of 784 inputs need 3136 bytes (float32), got 3135",
        assertThrows(
                DataFormatException.class,
                () -> TiledIntensities.fromBytes(new byte[3135], 10, 784))
            .getMessage());
    assertEquals(
        "tiled intensities need a multiple of 4 bytes (float32), got 7",
        assertThrows(DataFormatException.class, () -> TiledIntensities.fromBytes(new byte[7], 10))
            .getMessage());
  }
}
