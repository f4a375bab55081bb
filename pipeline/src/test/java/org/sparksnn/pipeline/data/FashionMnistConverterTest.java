package org.sparksnn.pipeline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class FashionMnistConverterTest {
  /** Class c's image k has every pixel equal to (c * 20 + k) % 256. */
  private static String classJson(int c, int images, boolean withEmpty) {
    StringBuilder sb = new StringBuilder("{\"data\":[");
    if (withEmpty) {
      sb.append("[],");
    }
    for (int k = 0; k < images; k++) {
      sb.append(k == 0 ? "[" : ",[");
      for (int p = 0; p < 784; p++) {
        sb.append(p == 0 ? "" : ",").append((c * 20 + k) % 256);
      }
      sb.append(']');
    }
    if (withEmpty) {
      sb.append(",[]");
    }
    return sb.append("]}").toString();
  }

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsFirstImagesOfEachClassToTrainAndInterleavesByClass() throws IOException {
    FashionMnistConverter conv = new FashionMnistConverter(7, 6);
    for (int c = 0; c < 10; c++) {
      conv.addClass(c, in(classJson(c, 7, c == 0)), c + ".json");
    }
    IdxDataset.Split train = conv.train();
    IdxDataset.Split test = conv.test();
    assertEquals(60, train.images().count());
    assertEquals(10, test.images().count());
    for (int r = 0; r < 60; r++) {
      int c = r % 10;
      int k = r / 10;
      assertEquals(c, train.labels().label(r));
      assertEquals((byte) ((c * 20 + k) % 256), train.images().pixels()[r * 784 + 100]);
    }
    for (int r = 0; r < 10; r++) {
      assertEquals(r, test.labels().label(r));
      assertEquals((byte) ((r * 20 + 6) % 256), test.images().pixels()[r * 784]);
    }
  }

  @Test
  void rejectsImageOfWrongSizeNamingFileAndIndex() {
    FashionMnistConverter conv = new FashionMnistConverter(1, 1);
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> conv.addClass(3, in("{\"data\":[[1,2,3]]}"), "3.json"));
    assertEquals("3.json: data[0] has 3 pixels, expected 784", e.getMessage());
  }

  @Test
  void rejectsWrongImageCount() {
    FashionMnistConverter conv = new FashionMnistConverter(2, 1);
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> conv.addClass(0, in(classJson(0, 1, false)), "0.json"));
    assertTrue(e.getMessage().contains("1 non-empty images, expected 2"), e.getMessage());
  }

  @Test
  void rejectsPixelOutOfRange() {
    FashionMnistConverter conv = new FashionMnistConverter(1, 1);
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> conv.addClass(0, in("{\"data\":[[300]]}"), "0.json"));
    assertTrue(e.getMessage().startsWith("0.json: data[0]: pixel 0 = 300"), e.getMessage());
  }
}
