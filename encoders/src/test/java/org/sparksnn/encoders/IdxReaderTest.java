package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparksnn.ops.DataFormatException;

class IdxReaderTest {
  private static final String NAME = "data/train-images-idx3-ubyte";
  private static final String LABELS = "data/train-labels-idx1-ubyte";

  static byte[] images(int count, int rows, int cols) throws IOException {
    byte[] px = new byte[count * rows * cols];
    new Random(4).nextBytes(px);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeImages(out, new ImageSet(count, rows, cols, 1, px));
    return out.toByteArray();
  }

  static byte[] labels(byte... values) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.writeLabels(out, new LabelSet(values.length, values));
    return out.toByteArray();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static ImageSet read(byte[] b) throws IOException {
    return IdxReader.readImages(new ByteArrayInputStream(b), NAME);
  }

  private static LabelSet readLabels(byte[] b) throws IOException {
    return IdxReader.readLabels(new ByteArrayInputStream(b), LABELS, 10);
  }

  private static String error(Executable e) {
    return assertThrows(DataFormatException.class, e).getMessage();
  }

  private static String error(byte[] b) {
    return error(() -> read(b));
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void roundTripsPlainAndGzip() throws IOException {
    byte[] file = images(3, 4, 5);
    ImageSet plain = read(file);
    ImageSet gz = read(gzip(file));
    assertEquals(3, plain.count());
    assertEquals(4, plain.height());
    assertEquals(5, plain.width());
    assertEquals(1, plain.channels());
    assertArrayEquals(Arrays.copyOfRange(file, 16, file.length), plain.pixels());
    assertArrayEquals(plain.pixels(), gz.pixels());
  }

  @Test
  void readsDataLargerThanOneChunk() throws IOException {
    int rows = 1000;
    int cols = 300; // 3 images of 300,000 bytes: several growing chunks
    byte[] file = images(3, rows, cols);
    assertArrayEquals(Arrays.copyOfRange(file, 16, file.length), read(file).pixels());
    assertArrayEquals(Arrays.copyOfRange(file, 16, file.length), read(gzip(file)).pixels());
  }

  @Test
  void readsLabelsPlainAndGzip() throws IOException {
    byte[] file = labels((byte) 0, (byte) 9, (byte) 4);
    assertArrayEquals(new byte[] {0, 9, 4}, readLabels(file).labels());
    assertEquals(9, readLabels(gzip(file)).label(1));
  }

  @Test
  void doesNotCloseTheCallersStream() throws IOException {
    boolean[] closed = {false};
    ByteArrayInputStream in =
        new ByteArrayInputStream(gzip(images(1, 2, 2))) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    IdxReader.readImages(in, NAME);
    assertEquals(false, closed[0]);
  }

  @Test
  void ioFailuresOfTheStreamStayIoExceptions() throws IOException {
    byte[] file = images(2, 4, 4);
    java.io.InputStream failing =
        new java.io.FilterInputStream(new ByteArrayInputStream(file, 0, 20)) {
          private int reads;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (reads++ > 0) {
              throw new IOException("connection reset");
            }
            return super.read(b, off, len);
          }
        };
    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(failing, NAME));
    assertEquals("connection reset", e.getMessage());
  }

  @Test
  void wrongMagicNamesFileFieldValueAndExpectation() throws IOException {
    assertEquals(
        NAME
            + ": magic number is 0x00000801, expected 0x00000803 (idx3 unsigned-byte images);"
            + " this is a labels file",
        error(labels((byte) 1, (byte) 2)));
    assertEquals(
        LABELS
            + ": magic number is 0x00000803, expected 0x00000801 (idx1 unsigned-byte labels);"
            + " this is an images file",
        error(() -> readLabels(images(1, 1, 1))));
    byte[] other = images(1, 2, 2);
    other[3] = 0x0D; // float data
    assertEquals(
        NAME + ": magic number is 0x0000080D, expected 0x00000803 (idx3 unsigned-byte images)",
        error(other));
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    byte[] file = Arrays.copyOf(images(10, 28, 28), 16 + 1000);
    assertEquals(NAME + ": truncated: expected 7840 pixel bytes, found 1000", error(file));
    assertEquals(
        LABELS + ": truncated: expected 3 label bytes, found 1",
        error(() -> readLabels(Arrays.copyOf(labels((byte) 1, (byte) 2, (byte) 3), 9))));
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    assertEquals(
        NAME + ": truncated header: rows needs 4 bytes, found 2",
        error(Arrays.copyOf(images(1, 2, 2), 10)));
    assertEquals(
        NAME + ": truncated header: magic number needs 4 bytes, found 0", error(new byte[0]));
  }

  @Test
  void zeroAndNegativeDimensionsAreReported() throws IOException {
    byte[] file = images(1, 2, 2);
    ByteBuffer.wrap(file).putInt(8, 0);
    assertEquals(NAME + ": rows is 0, expected > 0", error(file));
    file = images(1, 2, 2);
    ByteBuffer.wrap(file).putInt(12, -3);
    assertEquals(NAME + ": columns is -3, expected > 0", error(file));
    file = images(1, 2, 2);
    ByteBuffer.wrap(file).putInt(4, 0);
    assertEquals(NAME + ": image count is 0, expected > 0", error(file));
    byte[] lab = labels((byte) 1);
    ByteBuffer.wrap(lab).putInt(4, Integer.MIN_VALUE);
    assertEquals(
        LABELS + ": label count is -2147483648, expected > 0", error(() -> readLabels(lab)));
  }

  @Test
  void trailingDataIsReported() throws IOException {
    byte[] file = Arrays.copyOf(images(2, 2, 2), 16 + 8 + 3);
    assertEquals(
        NAME + ": trailing data after the expected 8 pixel bytes (header and file size disagree)",
        error(file));
  }

  @Test
  void hugeClaimedCountFailsAsTruncatedWithoutHugeAllocation() throws IOException {
    byte[] file = images(2, 28, 28);
    // 2,000,000 images = 1.568e9 bytes: fits one array, so the chunked path must not trust it
    ByteBuffer.wrap(file).putInt(4, 2_000_000);
    long before = allocatedBytes();
    assertEquals(NAME + ": truncated: expected 1568000000 pixel bytes, found 1568", error(file));
    long used = allocatedBytes() - before;
    assertTrue(used < 2L << 20, "allocated " + used + " bytes for a 1.6 kB file");
  }

  @Test
  void claimBeyondOneArrayFailsAsTruncated() throws IOException {
    byte[] file = images(2, 28, 28);
    ByteBuffer.wrap(file).putInt(4, Integer.MAX_VALUE).putInt(8, 65536).putInt(12, 65536);
    long before = allocatedBytes();
    assertEquals(
        NAME + ": truncated: expected 9223372032559808512 pixel bytes, found 1568",
        error(gzip(file)));
    long used = allocatedBytes() - before;
    assertTrue(used < 2L << 20, "allocated " + used + " bytes for a 1.6 kB file");
  }

  @Test
  void productOverflowingLongIsReportedExactly() throws IOException {
    byte[] file = images(1, 2, 2);
    ByteBuffer.wrap(file)
        .putInt(4, Integer.MAX_VALUE)
        .putInt(8, Integer.MAX_VALUE)
        .putInt(12, Integer.MAX_VALUE);
    assertEquals(
        NAME + ": truncated: expected 9903520300447984150353281023 pixel bytes, found 4",
        error(file));
  }

  @Test
  void labelOutOfRangeIsReported() throws IOException {
    assertEquals(
        LABELS + ": label[1] is 12, expected in [0, 10)",
        error(() -> readLabels(labels((byte) 3, (byte) 12))));
    assertEquals(
        LABELS + ": label[0] is 255, expected in [0, 10)",
        error(() -> readLabels(labels((byte) -1))));
    // the bound is exclusive: with 10 classes, 9 is the largest label and 10 is out of range
    assertEquals(9, readLabels(labels((byte) 0, (byte) 9)).label(1));
    assertEquals(
        LABELS + ": label[2] is 10, expected in [0, 10)",
        error(() -> readLabels(labels((byte) 0, (byte) 9, (byte) 10))));
  }

  @Test
  void rejectsInvalidNumClasses() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxReader.readLabels(new ByteArrayInputStream(new byte[0]), LABELS, 0));
    assertEquals("IdxReader.numClasses must be in [1, 256], got 0", e.getMessage());
  }

  @Test
  void labelCountMismatchNamesBothFiles() throws IOException {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                IdxReader.readLabeled(
                    new ByteArrayInputStream(images(3, 2, 2)),
                    NAME,
                    new ByteArrayInputStream(labels((byte) 1, (byte) 2)),
                    LABELS,
                    10));
    assertEquals(
        LABELS + ": label count is 2, expected 3 (the image count of " + NAME + ")",
        e.getMessage());
    LabeledImages ok =
        IdxReader.readLabeled(
            new ByteArrayInputStream(gzip(images(2, 2, 2))),
            NAME,
            new ByteArrayInputStream(labels((byte) 1, (byte) 2)),
            LABELS,
            10);
    assertEquals(2, ok.count());
  }

  @Test
  void corruptGzipIsADataFormatError() throws IOException {
    byte[] gz = gzip(images(5, 8, 8));
    gz[gz.length / 2] ^= 0x5A;
    gz[gz.length / 2 + 1] ^= 0x33;
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(gz));
    assertTrue(
        e.getMessage().startsWith(NAME + ": corrupt or truncated gzip data: "), e.getMessage());
  }

  @Test
  void gzipCrcMismatchIsReported() throws IOException {
    byte[] gz = gzip(images(5, 8, 8));
    gz[gz.length - 6] ^= 0x01; // CRC32 field of the trailer
    String msg = error(gz);
    assertTrue(msg.startsWith(NAME + ": corrupt or truncated gzip data: "), msg);
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    byte[] gz = gzip(images(5, 8, 8));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> read(Arrays.copyOf(gz, gz.length - 12)));
    assertTrue(
        e.getMessage().startsWith(NAME + ": corrupt or truncated gzip data: "), e.getMessage());
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(
        error(Arrays.copyOf(gz, 5)).startsWith(NAME + ": corrupt gzip header"),
        "a cut gzip header is named as such");
  }

  @Test
  void fuzzedFilesOnlyEverFailWithDataFormatException() throws IOException {
    byte[] plainImages = images(4, 6, 6);
    byte[] plainLabels = labels((byte) 1, (byte) 2, (byte) 3, (byte) 9, (byte) 0);
    byte[][] bases = {plainImages, gzip(plainImages), plainLabels, gzip(plainLabels)};
    Random rng = new Random(20261123);
    int[] outcomes = new int[2];
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int trial = 0; trial < 4000; trial++) {
            byte[] b = bases[trial % bases.length].clone();
            int mutations = rng.nextInt(5);
            for (int m = 0; m < mutations; m++) {
              int pos = rng.nextInt(b.length);
              b[pos] =
                  rng.nextBoolean()
                      ? (byte) rng.nextInt(256)
                      : (byte) (b[pos] ^ 1 << rng.nextInt(8));
            }
            if (mutations == 0 || rng.nextInt(4) == 0) {
              b = Arrays.copyOf(b, rng.nextInt(b.length + 1));
            }
            long before = allocatedBytes();
            for (int kind = 0; kind < 2; kind++) {
              try {
                if (kind == 0) {
                  read(b);
                } else {
                  readLabels(b);
                }
                outcomes[0]++;
              } catch (DataFormatException e) {
                assertTrue(
                    e.getMessage().startsWith(kind == 0 ? NAME + ": " : LABELS + ": "),
                    e.getMessage());
                outcomes[1]++;
              } catch (Throwable t) {
                fail("trial " + trial + ": " + t, t);
              }
            }
            long used = allocatedBytes() - before;
            assertTrue(used < 4L << 20, "trial " + trial + " allocated " + used + " bytes");
          }
        });
    assertTrue(outcomes[1] > 4000, "most mutants fail: " + Arrays.toString(outcomes));
    assertTrue(outcomes[0] > 100, "value-only mutations still parse: " + Arrays.toString(outcomes));
  }
}
