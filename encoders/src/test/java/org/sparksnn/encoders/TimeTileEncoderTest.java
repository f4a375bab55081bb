package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeTileEncoderTest {
  @Test
  void everyStepIsTheIntensityStoredOnce() {
    float[] p = {0.1f, 0.7f, 1f};
    TiledIntensities t = new TimeTileEncoder(100).encode(5, p);
    assertEquals(12, t.toBytes().length, "3 float32, not 100 steps of them");
    p[1] = 0.2f;
    assertEquals(0.7f, t.value(99, 1), "encode copies its input");
    float[] row = new float[3];
    new TimeTileEncoder(100).fillStep(0, p, 42, row, 0);
    assertArrayEquals(p, row);
    assertEquals(0.5 * 100, new TimeTileEncoder(100).expectedSpikes(0.5f), 1e-12);
  }
}
