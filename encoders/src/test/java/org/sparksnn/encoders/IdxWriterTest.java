package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class IdxWriterTest {
  @Test
  void writesMnistHeaderBigEndian() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeImages(out, new ImageSet(2, 1, 3, 1, new byte[] {1, 2, 3, 4, 5, (byte) 255}));
    assertArrayEquals(
        new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, (byte) 255},
        out.toByteArray());
    out.reset();
    IdxWriter.writeLabels(out, new LabelSet(1, new byte[] {7}));
    assertArrayEquals(new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 7}, out.toByteArray());
  }

  @Test
  void readerReadsBackWhatWasWritten() throws IOException {
    byte[] px = new byte[5 * 7 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 37);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeImages(out, new ImageSet(5, 7, 3, 1, px));
    ImageSet back = IdxReader.readImages(new ByteArrayInputStream(out.toByteArray()), "x");
    assertEquals(7, back.height());
    assertEquals(3, back.width());
    assertArrayEquals(px, back.pixels());
  }

  @Test
  void rejectsMultiChannelImages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IdxWriter.writeImages(
                    new ByteArrayOutputStream(), new ImageSet(1, 1, 1, 3, new byte[3])));
    assertEquals("IdxWriter.images.channels must be 1 for IDX, got 3", e.getMessage());
  }
}
