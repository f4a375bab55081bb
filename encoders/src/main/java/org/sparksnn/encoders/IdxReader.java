package org.sparksnn.encoders;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * Reads IDX files ({@code *-idx3-ubyte} images, {@code *-idx1-ubyte} labels), plain or gzipped.
 * Gzip is detected by its magic bytes {@code 1f 8b}, never by the file name.
 *
 * <p>The header is never trusted for allocation: data is read in chunks that start at {@value
 * #FIRST_CHUNK} bytes and grow with the data that has actually arrived (at most {@value #MAX_CHUNK}
 * bytes per step), so a header claiming 2^31 images fails as truncated after allocating about twice
 * the bytes the file really holds. The complete file must be consumed exactly: missing bytes are
 * "truncated", extra bytes are "trailing data".
 *
 * <p>Every malformed input throws {@link DataFormatException} whose message starts with the display
 * name of the file and names the field, the value found and the expectation, e.g. {@code
 * "data/train-images-idx3-ubyte: truncated: expected 47040000 pixel bytes, found 1000"}. Gzip
 * corruption (bad deflate data, CRC mismatch, truncated stream) is reported the same way. Only
 * genuine I/O failures of the underlying stream surface as {@link IOException}.
 *
 * <p>The caller owns {@code in}: it is read but not closed.
 */
public final class IdxReader {
  /** Magic number of unsigned-byte 3-D data (images): {@code 0x00000803}. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of unsigned-byte 1-D data (labels): {@code 0x00000801}. */
  public static final int LABELS_MAGIC = 0x00000801;

  /** First read chunk, bytes. */
  static final int FIRST_CHUNK = 1 << 16;

  /** Largest growth step of the read buffer, bytes (64 MiB). */
  static final int MAX_CHUNK = 1 << 26;

  /** Largest Java byte array this reader creates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads an images file ({@code idx3-ubyte}): one channel, row-major pixels.
   *
   * @param in the file's bytes, plain or gzipped (not closed)
   * @param name display name of the file, the first word of every error message
   */
  public static ImageSet readImages(InputStream in, String name) throws IOException {
    Checks.notNull("IdxReader.in", in);
    return read(
        in,
        name,
        s -> {
          checkMagic(s, name, IMAGES_MAGIC, "idx3 unsigned-byte images");
          int count = positive(readInt(s, name, "image count"), name, "image count");
          int rows = positive(readInt(s, name, "rows"), name, "rows");
          int cols = positive(readInt(s, name, "columns"), name, "columns");
          long bytes = saturatedProduct(count, rows, cols);
          String expected =
              BigInteger.valueOf(count)
                  .multiply(BigInteger.valueOf(rows))
                  .multiply(BigInteger.valueOf(cols))
                  .toString();
          byte[] pixels = readExactly(s, bytes, expected, name, "pixel bytes");
          return new ImageSet(count, rows, cols, 1, pixels);
        });
  }

  /**
   * Reads a labels file ({@code idx1-ubyte}); every label must lie in {@code [0, numClasses)}.
   *
   * @param in the file's bytes, plain or gzipped (not closed)
   * @param name display name of the file, the first word of every error message
   * @param numClasses number of classes, in [1, 256]
   */
  public static LabelSet readLabels(InputStream in, String name, int numClasses)
      throws IOException {
    Checks.notNull("IdxReader.in", in);
    Checks.inRange("IdxReader.numClasses", numClasses, 1, 256);
    return read(
        in,
        name,
        s -> {
          checkMagic(s, name, LABELS_MAGIC, "idx1 unsigned-byte labels");
          int count = positive(readInt(s, name, "label count"), name, "label count");
          byte[] labels = readExactly(s, count, Integer.toString(count), name, "label bytes");
          for (int i = 0; i < count; i++) {
            int l = labels[i] & 0xFF;
            if (l >= numClasses) {
              throw new DataFormatException(
                  name + ": label[" + i + "] is " + l + ", expected in [0, " + numClasses + ")");
            }
          }
          return new LabelSet(count, labels);
        });
  }

  /**
   * Reads an images file and its labels file and pairs them (see {@link LabeledImages#of}).
   *
   * @param numClasses number of classes, in [1, 256]
   */
  public static LabeledImages readLabeled(
      InputStream images, String imagesName, InputStream labels, String labelsName, int numClasses)
      throws IOException {
    ImageSet im = readImages(images, imagesName);
    LabelSet lb = readLabels(labels, labelsName, numClasses);
    return LabeledImages.of(im, imagesName, lb, labelsName);
  }

  /** The body of a read, given the (possibly gunzipped) stream. */
  private interface Body<T> {
    T read(InputStream s) throws IOException;
  }

  private static <T> T read(InputStream in, String name, Body<T> body) throws IOException {
    Checks.notNull("IdxReader.name", name);
    BufferedInputStream b = new BufferedInputStream(new NonClosing(in), FIRST_CHUNK);
    b.mark(2);
    int b0 = b.read();
    int b1 = b.read();
    b.reset();
    if (b0 != 0x1f || b1 != 0x8b) {
      try {
        return body.read(b);
      } catch (EOFException e) {
        throw new DataFormatException(name + ": truncated: " + e.getMessage(), e);
      }
    }
    GZIPInputStream gz;
    try {
      gz = new GZIPInputStream(b, FIRST_CHUNK);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(
          name + ": corrupt gzip header (file starts with the gzip magic 1f 8b): " + e.getMessage(),
          e);
    }
    try (InputStream s = gz) {
      return body.read(s);
    } catch (ZipException | EOFException e) {
      throw new DataFormatException(
          name + ": corrupt or truncated gzip data: " + e.getMessage(), e);
    }
  }

  private static void checkMagic(InputStream s, String name, int expected, String what)
      throws IOException {
    int magic = readInt(s, name, "magic number");
    if (magic != expected) {
      String hint =
          magic == IMAGES_MAGIC
              ? "; this is an images file"
              : magic == LABELS_MAGIC ? "; this is a labels file" : "";
      throw new DataFormatException(
          String.format(
              "%s: magic number is 0x%08X, expected 0x%08X (%s)%s",
              name, magic, expected, what, hint));
    }
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

  private static int positive(int v, String name, String field) {
    if (v <= 0) {
      throw new DataFormatException(name + ": " + field + " is " + v + ", expected > 0");
    }
    return v;
  }

  /** {@code a·b·c} for positive factors, or {@link Long#MAX_VALUE} if that overflows. */
  private static long saturatedProduct(int a, int b, int c) {
    long ab = (long) a * b;
    return ab > Long.MAX_VALUE / c ? Long.MAX_VALUE : ab * c;
  }

  /**
   * Reads exactly {@code n} bytes followed by the end of the stream. Buffers grow only as data
   * arrives, so a lying header cannot force a large allocation.
   *
   * @param expected {@code n} as printed in messages (exact even when {@code n} saturated)
   */
  static byte[] readExactly(InputStream s, long n, String expected, String name, String what)
      throws IOException {
    if (n > MAX_ARRAY) {
      long have = skipUpTo(s, n);
      if (have < n) {
        throw truncated(name, expected, what, have);
      }
      throw new DataFormatException(
          name
              + ": "
              + what
              + " count "
              + expected
              + " exceeds the supported maximum of "
              + MAX_ARRAY
              + " bytes per file; split the dataset");
    }
    List<byte[]> chunks = new ArrayList<>();
    long have = 0;
    while (have < n) {
      int size = (int) Math.min(n - have, Math.max(FIRST_CHUNK, Math.min(have, MAX_CHUNK)));
      byte[] chunk = new byte[size];
      int got = s.readNBytes(chunk, 0, size);
      have += got;
      if (got < size) {
        throw truncated(name, expected, what, have);
      }
      chunks.add(chunk);
    }
    if (s.read() >= 0) {
      throw new DataFormatException(
          name
              + ": trailing data after the expected "
              + expected
              + " "
              + what
              + " (header and file size disagree)");
    }
    if (chunks.size() == 1) {
      return chunks.get(0);
    }
    byte[] all = new byte[(int) n];
    int pos = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, all, pos, c.length);
      pos += c.length;
    }
    return all;
  }

  /** Consumes up to {@code n} bytes into a small scratch buffer; returns how many there were. */
  private static long skipUpTo(InputStream s, long n) throws IOException {
    byte[] scratch = new byte[FIRST_CHUNK];
    long have = 0;
    while (have < n) {
      int r = s.read(scratch, 0, (int) Math.min(scratch.length, n - have));
      if (r < 0) {
        break;
      }
      have += r;
    }
    return have;
  }

  private static DataFormatException truncated(
      String name, String expected, String what, long have) {
    return new DataFormatException(
        name + ": truncated: expected " + expected + " " + what + ", found " + have);
  }

  /** Keeps the caller's stream open when the reader closes its own wrappers. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
