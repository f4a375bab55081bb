package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class ImageSetTest {
  @Test
  void intensitiesArePixelOver255() {
    ImageSet s = new ImageSet(2, 1, 2, 1, new byte[] {0, 1, (byte) 128, (byte) 255});
    assertArrayEquals(new float[] {128 / 255f, 1f}, s.intensities(1));
    assertEquals(2, s.imageSize());
  }

  @Test
  void rejectsWrongPixelLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(2, 2, 2, 1, new byte[7]));
    assertEquals(
        "ImageSet.pixels must hold count*height*width*channels = 8 bytes, got 7", e.getMessage());
  }

  @Test
  void rejectsIndexOutOfRange() {
    ImageSet s = new ImageSet(1, 1, 1, 1, new byte[1]);
    assertEquals(
        "ImageSet.index must be in [0, 1), got 1",
        assertThrows(IllegalArgumentException.class, () -> s.intensities(1)).getMessage());
  }

  @Test
  void labeledImagesRequireEqualCounts() {
    ImageSet images = new ImageSet(2, 1, 1, 1, new byte[2]);
    LabelSet labels = new LabelSet(1, new byte[1]);
    assertEquals(
        "LabeledImages.labels.count must equal images.count = 2, got 1",
        assertThrows(IllegalArgumentException.class, () -> new LabeledImages(images, labels))
            .getMessage());
    assertEquals(
        "b: label count is 1, expected 2 (the image count of a)",
        assertThrows(DataFormatException.class, () -> LabeledImages.of(images, "a", labels, "b"))
            .getMessage());
  }
}
