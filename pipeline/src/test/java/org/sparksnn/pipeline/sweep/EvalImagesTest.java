package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;

class EvalImagesTest {
  private static final ImageSet IMAGES =
      new ImageSet(3, 1, 2, 1, new byte[] {0, (byte) 255, 51, 102, (byte) 204, 1});
  private static final LabelSet LABELS = new LabelSet(3, new byte[] {2, 0, 1});

  @Test
  void takesTheFirstLimitImagesWithIdsFromTheOffset() {
    EvalImages e = EvalImages.of(IMAGES, LABELS, 60_000, 2);
    assertEquals(2, e.count());
    assertArrayEquals(new long[] {60_000, 60_001}, e.ids());
    assertArrayEquals(new int[] {2, 0}, e.labels());
    float[] x = new float[3];
    e.intensities(1, x, 1);
    assertArrayEquals(new float[] {0f, 0.2f, 0.4f}, x, 1e-7f);
    assertEquals(3, EvalImages.of(IMAGES, LABELS, 0, 0).count());
  }

  @Test
  void fingerprintCoversPixelsLabelsAndIds() {
    String f = EvalImages.of(IMAGES, LABELS, 0, 0).fingerprint();
    assertEquals(f, EvalImages.of(IMAGES, LABELS, 0, 0).fingerprint());
    assertNotEquals(f, EvalImages.of(IMAGES, LABELS, 1, 0).fingerprint());
    assertNotEquals(f, EvalImages.of(IMAGES, new LabelSet(3, new byte[] {2, 0, 2}), 0, 0).fingerprint());
    byte[] px = IMAGES.pixels().clone();
    px[5] = 2;
    assertNotEquals(f, EvalImages.of(new ImageSet(3, 1, 2, 1, px), LABELS, 0, 0).fingerprint());
  }

  @Test
  void rejectsMismatchedLabels() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EvalImages(new long[] {1, 2}, new int[] {0}, 1, new byte[2]));
    assertEquals("EvalImages.labels.length must equal ids.length 2, got 1", e.getMessage());
  }
}
