package org.sparksnn.encoders;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.sparksnn.ops.DataFormatException;

/**
 * Reads IDX files ({@code *-idx3-ubyte} images, {@code *-idx1-ubyte} labels), plain or gzipped
 * (detected by the gzip magic {@code 1f 8b}, not by the name).
 *
 * <p>Never trusts the header for allocation: data is read in chunks of at most {@value
 * #CHUNK_BYTES} bytes and the buffer grows only as data arrives, so a header claiming 2^31 images
 * fails as truncated without allocating gigabytes. Every error is a {@link DataFormatException}
 * naming the file, the field, the value found and what was expected.
 */
public final class IdxReader {
  /** Magic number of unsigned-byte 3-D data (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of unsigned-byte 1-D data (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  static final int CHUNK_BYTES = 1 << 24;

  private IdxReader() {}

  /** Reads an images file ({@code name} appears in errors); one channel per pixel. */
  public static ImageSet readImages(InputStream in, String name) throws IOException {
    try (InputStream s = maybeGunzip(in, name)) {
      int magic = readInt(s, name, "magic number");
      if (magic != IMAGES_MAGIC) {
        throw new DataFormatException(
            String.format(
                "%s: magic number is 0x%08X, expected 0x%08X (idx3 unsigned-byte images)",
                name, magic, IMAGES_MAGIC));
      }
      int count = nonNegative(readInt(s, name, "image count"), name, "image count");
      int rows = positive(readInt(s, name, "rows"), name, "rows");
      int cols = positive(readInt(s, name, "columns"), name, "columns");
      long expected = (long) count * rows * cols;
      if (expected > Integer.MAX_VALUE - 8) {
        throw new DataFormatException(
            name + ": image count " + count + " x " + rows + " x " + cols + " = " + expected
                + " bytes exceeds the maximum of " + (Integer.MAX_VALUE - 8));
      }
      byte[] pixels = readExactly(s, (int) expected, name, "pixel bytes");
      return new ImageSet(count, rows, cols, 1, pixels);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(name + ": corrupt gzip data: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a labels file; every label must be in {@code [0, numClasses)}.
   *
   * @param numClasses number of classes, 1..256
   */
  public static LabelSet readLabels(InputStream in, String name, int numClasses)
      throws IOException {
    try (InputStream s = maybeGunzip(in, name)) {
      int magic = readInt(s, name, "magic number");
      if (magic != LABELS_MAGIC) {
        throw new DataFormatException(
            String.format(
                "%s: magic number is 0x%08X, expected 0x%08X (idx1 unsigned-byte labels)",
                name, magic, LABELS_MAGIC));
      }
      int count = nonNegative(readInt(s, name, "label count"), name, "label count");
      byte[] labels = readExactly(s, count, name, "label bytes");
      for (int i = 0; i < count; i++) {
        int l = labels[i] & 0xFF;
        if (l >= numClasses) {
          throw new DataFormatException(
              name + ": label[" + i + "] is " + l + ", expected 0.." + (numClasses - 1));
        }
      }
      return new LabelSet(count, labels);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(name + ": corrupt gzip data: " + e.getMessage(), e);
    }
  }

  private static InputStream maybeGunzip(InputStream in, String name) throws IOException {
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(2);
    int b0 = b.read();
    int b1 = b.read();
    b.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GZIPInputStream(b, 1 << 16);
      } catch (ZipException | EOFException e) {
        throw new DataFormatException(name + ": corrupt gzip header: " + e.getMessage(), e);
      }
    }
    return b;
  }

  private static int readInt(InputStream s, String name, String field) throws IOException {
    byte[] b = new byte[4];
    int n = s.readNBytes(b, 0, 4);
    if (n != 4) {
      throw new DataFormatException(
          name + ": truncated header: " + field + " needs 4 bytes, found " + n);
    }
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  private static int nonNegative(int v, String name, String field) {
    if (v < 0) {
      throw new DataFormatException(name + ": " + field + " is " + v + ", expected >= 0");
    }
    return v;
  }

  private static int positive(int v, String name, String field) {
    if (v <= 0) {
      throw new DataFormatException(name + ": " + field + " is " + v + ", expected > 0");
    }
    return v;
  }

  /** Reads exactly {@code n} bytes, growing the buffer only as data arrives. */
  private static byte[] readExactly(InputStream s, int n, String name, String what)
      throws IOException {
    byte[] buf = new byte[Math.min(n, CHUNK_BYTES)];
    int have = 0;
    while (have < n) {
      if (have == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(n, (long) buf.length + CHUNK_BYTES));
      }
      int r = s.read(buf, have, buf.length - have);
      if (r < 0) {
        throw new DataFormatException(
            name + ": truncated: expected " + n + " " + what + ", found " + have);
      }
      have += r;
    }
    if (s.read() >= 0) {
      throw new DataFormatException(
          name + ": trailing data after " + n + " " + what + " (header and file size disagree)");
    }
    return buf;
  }
}
