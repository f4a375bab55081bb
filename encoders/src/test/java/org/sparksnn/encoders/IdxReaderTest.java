package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class IdxReaderTest {
  private static final String NAME = "data/train-images-idx3-ubyte";

  private static byte[] images(int count, int rows, int cols) throws IOException {
    byte[] px = new byte[count * rows * cols];
    new Random(4).nextBytes(px);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeImages(out, new ImageSet(count, rows, cols, 1, px));
    return out.toByteArray();
  }

  private static byte[] labels(byte... values) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeLabels(out, new LabelSet(values.length, values));
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static ImageSet read(byte[] b) throws IOException {
    return IdxReader.readImages(new ByteArrayInputStream(b), NAME);
  }

  private static String error(byte[] b) {
    return assertThrows(DataFormatException.class, () -> read(b)).getMessage();
  }

  @Test
  void roundTripsPlainAndGzip() throws IOException {
    byte[] file = images(3, 4, 5);
    ImageSet plain = read(file);
    ImageSet gz = read(gzip(file));
    assertEquals(3, plain.count());
    assertEquals(4, plain.height());
    assertEquals(5, plain.width());
    assertArrayEquals(Arrays.copyOfRange(file, 16, file.length), plain.pixels());
    assertArrayEquals(plain.pixels(), gz.pixels());
  }

  @Test
  void wrongMagicNamesFileFieldValueAndExpectation() throws IOException {
    byte[] file = labels((byte) 1, (byte) 2);
    assertEquals(
        NAME + ": magic number is 0x00000801, expected 0x00000803 (idx3 unsigned-byte images)",
        error(file));
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    byte[] file = Arrays.copyOf(images(10, 28, 28), 16 + 1000);
    assertEquals(NAME + ": truncated: expected 7840 pixel bytes, found 1000", error(file));
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    assertEquals(
        NAME + ": truncated header: rows needs 4 bytes, found 2",
        error(Arrays.copyOf(images(1, 2, 2), 10)));
  }

  @Test
  void trailingDataIsReported() throws IOException {
    byte[] file = Arrays.copyOf(images(2, 2, 2), 16 + 8 + 3);
    assertTrue(error(file).contains("trailing data"), error(file));
  }

  @Test
  void hugeClaimedCountFailsAsTruncatedWithoutHugeAllocation() throws IOException {
    byte[] file = images(2, 28, 28);
    ByteBuffer.wrap(file).putInt(4, Integer.MAX_VALUE / 784);
    long before = usedMemory();
    String msg = error(file);
    assertTrue(msg.contains("truncated: expected"), msg);
    assertTrue(usedMemory() - before < 256L << 20, "allocated far more than the file justifies");
  }

  @Test
  void labelOutOfRangeIsReported() throws IOException {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                IdxReader.readLabels(
                    new ByteArrayInputStream(labels((byte) 3, (byte) 12)), "l.idx1", 10));
    assertEquals("l.idx1: label[1] is 12, expected 0..9", e.getMessage());
  }

  @Test
  void corruptGzipIsADataFormatError() throws IOException {
    byte[] gz = gzip(images(5, 8, 8));
    gz[gz.length / 2] ^= 0x5A;
    gz[gz.length / 2 + 1] ^= 0x33;
    String msg = error(gz);
    assertTrue(msg.startsWith(NAME + ": "), msg);
  }

  @Test
  void fuzzedFilesOnlyEverFailWithDataFormatException() throws IOException {
    byte[] plain = images(4, 6, 6);
    byte[] gz = gzip(plain);
    Random rng = new Random(20261123);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int trial = 0; trial < 3000; trial++) {
            byte[] base = trial % 2 == 0 ? plain : gz;
            byte[] b = base.clone();
            int mutations = 1 + rng.nextInt(4);
            for (int m = 0; m < mutations; m++) {
              b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
            }
            if (rng.nextInt(4) == 0) {
              b = Arrays.copyOf(b, rng.nextInt(b.length + 1));
            }
            try {
              read(b);
              IdxReader.readLabels(new ByteArrayInputStream(b), NAME, 10);
            } catch (DataFormatException expected) {
              // the only failure allowed
            } catch (Throwable t) {
              fail("trial " + trial + ": " + t, t);
            }
          }
        });
  }

  private static long usedMemory() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
