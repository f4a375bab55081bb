package org.sparksnn.ops.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * Reads and writes numpy {@code .npz} archives: a ZIP of {@code <name>.npy} files (format 1.0, C
 * order, little-endian {@code <f4 <f8 <i4 <i8}; reading also takes {@code |b1 |i1 |u1 <i2 <u2}, see
 * {@link NpyDtype}), as written by {@code np.savez} and read by {@code np.load}. Array names may
 * contain {@code '/'} (e.g. {@code dense0/kernel}). {@link #parseNpy(byte[], String)} reads a plain
 * {@code .npy} file.
 *
 * <p>The reader is defensive: it rejects entry names that could escape a directory (absolute, with
 * {@code ..} segments or backslashes), entries larger than a limit, duplicate names, and malformed
 * headers, with a {@link DataFormatException} naming the file and the entry. It also reads format
 * 2.0 headers (4-byte header length).
 */
public final class Npz {
  /** Default largest entry accepted by {@link #read(InputStream, String)}: 1 GiB. */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 1L << 30;

  /** Default largest sum of uncompressed entries: 2 GiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 2L << 30;

  /** Modification time written for every entry (1980-01-01, the ZIP epoch). */
  private static final long FIXED_ENTRY_TIME = 315532800000L;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npz() {}

  /** Writes {@code arrays} in iteration order as entries {@code <name>.npy} (deflated). */
  public static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      checkName(e.getKey());
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      entry.setTime(FIXED_ENTRY_TIME); // same arrays -> same bytes: files are reproducible
      zip.putNextEntry(entry);
      writeNpy(zip, e.getValue());
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  /** {@link #read(InputStream, String, long)} with {@link #DEFAULT_MAX_ENTRY_BYTES}. */
  public static Map<String, NpyArray> read(InputStream in, String fileName) throws IOException {
    return read(in, fileName, DEFAULT_MAX_ENTRY_BYTES);
  }

  /**
   * Reads every {@code .npy} entry of an archive, keyed by the entry name without {@code .npy}, in
   * archive order.
   *
   * @param fileName the file's name for error messages
   * @param maxEntryBytes the largest uncompressed entry accepted, {@code > 0}
   * @throws DataFormatException if the archive or an entry is malformed or unsafe
   */
  public static Map<String, NpyArray> read(InputStream in, String fileName, long maxEntryBytes)
      throws IOException {
    return read(in, fileName, maxEntryBytes, DEFAULT_MAX_TOTAL_BYTES);
  }

  /**
   * Reads every {@code .npy} entry of an archive, keyed by the entry name without {@code .npy}, in
   * archive order, inflating at most {@code maxTotalBytes} in all: a decompression bomb (one
   * entry or many) fails after inflating about the limit, never the bytes it claims.
   *
   * @param fileName the file's name for error messages
   * @param maxEntryBytes the largest uncompressed entry accepted, {@code > 0}
   * @param maxTotalBytes the largest sum of uncompressed entries accepted, {@code > 0}
   * @throws DataFormatException if the archive or an entry is malformed, unsafe or too large
   */
  public static Map<String, NpyArray> read(
      InputStream in, String fileName, long maxEntryBytes, long maxTotalBytes)
      throws IOException {
    Checks.positive("Npz.maxEntryBytes", maxEntryBytes);
    Checks.positive("Npz.maxTotalBytes", maxTotalBytes);
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    long inflated = 0;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String entryName = entry.getName();
        if (!isSafe(entryName)) {
          throw new DataFormatException(
              fileName + ": entry '" + entryName + "' has an unsafe name (absolute, '..' or '\\')");
        }
        if (entry.isDirectory()) {
          continue;
        }
        if (!entryName.endsWith(".npy")) {
          throw new DataFormatException(
              fileName + ": entry '" + entryName + "' is not a .npy file");
        }
        if (entry.getSize() > maxEntryBytes) {
          throw tooLarge(fileName, entryName, entry.getSize(), maxEntryBytes);
        }
        long room = maxTotalBytes - inflated;
        byte[] bytes = readLimited(zip, fileName, entryName, Math.min(maxEntryBytes, room));
        if (bytes == null) {
          throw room < maxEntryBytes
              ? new DataFormatException(
                  fileName
                      + ": entries hold more than the limit of "
                      + maxTotalBytes
                      + " bytes in total (reached in entry '"
                      + entryName
                      + "')")
              : new DataFormatException(
                  fileName
                      + ": entry '"
                      + entryName
                      + "' is larger (more than "
                      + maxEntryBytes
                      + " bytes inflated) than the limit "
                      + maxEntryBytes);
        }
        inflated += bytes.length;
        String name = entryName.substring(0, entryName.length() - 4);
        if (arrays.put(name, parseNpy(bytes, fileName, entryName)) != null) {
          throw new DataFormatException(fileName + ": entry '" + entryName + "' appears twice");
        }
      }
    } catch (ZipException e) {
      throw new DataFormatException(
          fileName + ": not a valid npz (zip) file: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new DataFormatException(
          fileName + ": truncated npz (zip) file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // ZipInputStream: an entry name that is not valid in the archive's charset
      throw new DataFormatException(
          fileName + ": not a valid npz (zip) file: " + e.getMessage(), e);
    }
    return arrays;
  }

  /** Writes one array in {@code .npy} format 1.0. */
  public static void writeNpy(OutputStream out, NpyArray array) throws IOException {
    int[] shape = array.shape();
    StringBuilder sh = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sh.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    if (shape.length == 1) {
      sh.append(',');
    }
    sh.append(')');
    StringBuilder header =
        new StringBuilder("{'descr': '")
            .append(array.dtype().descr())
            .append("', 'fortran_order': False, 'shape': ")
            .append(sh)
            .append(", }");
    int total = MAGIC.length + 2 + 2 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header.append(" ".repeat(pad)).append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    out.write(MAGIC);
    out.write(1);
    out.write(0);
    out.write(h.length & 0xff);
    out.write((h.length >>> 8) & 0xff);
    out.write(h);
    out.write(array.rawBytes());
  }

  /** Parses a plain {@code .npy} file's bytes; errors start with {@code "<fileName>: "}. */
  public static NpyArray parseNpy(byte[] b, String fileName) {
    return parse(b, fileName + ": ", "file");
  }

  /**
   * Parses the bytes of archive member {@code entry}; errors start with {@code "<fileName>: entry
   * '<entry>': "}.
   */
  public static NpyArray parseNpy(byte[] b, String fileName, String entry) {
    return parse(b, fileName + ": entry '" + entry + "': ", "entry");
  }

  /** Parses {@code .npy} bytes; errors start with {@code where} and call the bytes {@code what}. */
  private static NpyArray parse(byte[] b, String where, String what) {
    if (b.length < 10) {
      throw new DataFormatException(where + "too short for a .npy header (" + b.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        throw new DataFormatException(where + "missing the \\x93NUMPY magic");
      }
    }
    int major = b[6] & 0xff;
    int headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (b.length < 12) {
        throw new DataFormatException(where + "truncated header");
      }
      long len =
          (b[8] & 0xffL) | (b[9] & 0xffL) << 8 | (b[10] & 0xffL) << 16 | (b[11] & 0xffL) << 24;
      if (len > Integer.MAX_VALUE) {
        throw new DataFormatException(where + "header length " + len + " is too large");
      }
      headerLen = (int) len;
      headerStart = 12;
    } else {
      throw new DataFormatException(where + "unsupported .npy format version " + major);
    }
    if (headerStart + (long) headerLen > b.length) {
      throw new DataFormatException(
          where + "header length " + headerLen + " exceeds the " + what + " size " + b.length);
    }
    String header = new String(b, headerStart, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new DataFormatException(where + "malformed header " + header.strip());
    }
    NpyDtype dtype = NpyDtype.of(d.group(1));
    if (dtype == null) {
      throw new DataFormatException(
          where
              + "unsupported dtype '"
              + d.group(1)
              + "', expected one of "
              + NpyDtype.supported()
              + " (little-endian or single-byte)");
    }
    if (f.group(1).equals("True")) {
      throw new DataFormatException(where + "fortran_order True is not supported (use C order)");
    }
    int[] shape = parseShape(s.group(1), where);
    long count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    long expected = count * dtype.bytes();
    int dataStart = headerStart + headerLen;
    if (b.length - dataStart != expected) {
      throw new DataFormatException(
          where
              + "data has "
              + (b.length - dataStart)
              + " bytes, shape and dtype need "
              + expected);
    }
    byte[] data = java.util.Arrays.copyOfRange(b, dataStart, b.length);
    return new NpyArray(dtype, shape, data);
  }

  private static int[] parseShape(String text, String where) {
    String t = text.trim();
    if (t.isEmpty()) {
      return new int[0];
    }
    String[] parts = t.split(",");
    int n = parts.length;
    if (parts[n - 1].trim().isEmpty()) {
      n--;
    }
    int[] shape = new int[n];
    long total = 1;
    for (int i = 0; i < n; i++) {
      try {
        shape[i] = Integer.parseInt(parts[i].trim().replace("L", ""));
      } catch (NumberFormatException e) {
        throw new DataFormatException(where + "malformed shape (" + text + ")");
      }
      if (shape[i] < 0) {
        throw new DataFormatException(where + "negative dimension in shape (" + text + ")");
      }
      total *= shape[i];
      if (total > Integer.MAX_VALUE) {
        throw new DataFormatException(where + "shape (" + text + ") is too large");
      }
    }
    return shape;
  }

  /** The rest of {@code in}, or null if it holds more than {@code max} bytes. */
  private static byte[] readLimited(InputStream in, String fileName, String entry, long max)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > max) {
        return null; // over the limit: the caller says which one
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static DataFormatException tooLarge(String fileName, String entry, long size, long max) {
    return new DataFormatException(
        fileName + ": entry '" + entry + "' is larger (" + size + " bytes) than the limit " + max);
  }

  private static boolean isSafe(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
      return false;
    }
    for (String seg : name.split("/")) {
      if (seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static void checkName(String name) {
    Checks.check(
        isSafe(name + ".npy") && !name.isEmpty(),
        "Npz.name",
        "must be a safe relative name",
        "'" + name + "'");
  }
}
