package org.sparksnn.pipeline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The success marker of an {@link OutputDir}: its content and its check against a directory.
 *
 * <p>Format: one line per file, sorted by relative path, {@code <size in bytes><TAB><CRC-32C of the
 * content, 8 hex digits><TAB><relative path>}; then {@code sha256<TAB>} and the SHA-256 (hex) of
 * every marker byte before that hash. Hidden files and names ending in {@code .crc} are not
 * listed. Markers of format 1 ({@code <size><TAB><path>} lines, written before content checksums)
 * are still read and checked by size only.
 */
final class SuccessMarker {
  private SuccessMarker() {}

  /** The marker file's text. */
  static String read(FileSystem fs, Path marker) throws IOException {
    try (var in = fs.open(marker)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One listed file: its size in bytes and its CRC-32C (null in markers of format 1). */
  private record Entry(long size, String crc) {}

  /** A marker's file list, or why it cannot be trusted ({@code damage} non-null). */
  private record Parsed(Map<String, Entry> files, String damage) {}

  private static Parsed parse(String text) {
    Map<String, Entry> files = new TreeMap<>();
    StringBuilder lines = new StringBuilder();
    String hash = null;
    for (String line : text.split("\n")) {
      String[] cols = line.split("\t", -1);
      if (cols.length == 2 && cols[0].equals("sha256")) {
        hash = cols[1];
        continue;
      }
      try {
        if (cols.length == 2) {
          files.put(cols[1], new Entry(Long.parseLong(cols[0]), null));
        } else if (cols.length == 3) {
          files.put(cols[2], new Entry(Long.parseLong(cols[0]), cols[1]));
        } else {
          return new Parsed(files, "the marker is damaged (line '" + line + "')");
        }
      } catch (NumberFormatException e) {
        return new Parsed(files, "the marker is damaged (line '" + line + "')");
      }
      lines.append(line).append('\n');
    }
    if (hash == null || !hash.equals(sha256(lines + "sha256\t"))) {
      return new Parsed(files, "the marker is damaged (its sha256 line does not match its file list)");
    }
    return new Parsed(files, null);
  }

  /**
   * The first way {@code dir} differs from the marker content {@code expected}, or null if it
   * matches. Markers of format 1 ({@code size<TAB>path} lines) are checked by size only.
   */
  static String difference(String expected, FileSystem fs, Path dir) throws IOException {
    Parsed parsed = parse(expected);
    if (parsed.damage() != null) {
      return parsed.damage();
    }
    Map<String, Entry> listed = parsed.files();
    Map<String, FileStatus> actual = listing(fs, dir);
    for (var e : listed.entrySet()) {
      FileStatus st = actual.get(e.getKey());
      long size = e.getValue().size();
      if (st == null) {
        return e.getKey() + " is missing (" + size + " bytes expected)";
      }
      if (st.getLen() != size) {
        return e.getKey() + " has " + st.getLen() + " bytes, " + size + " expected";
      }
    }
    for (String name : actual.keySet()) {
      if (!listed.containsKey(name)) {
        return name + " is not listed";
      }
    }
    for (var e : listed.entrySet()) {
      String crc = e.getValue().crc();
      if (crc != null) {
        String now;
        try {
          now = crc32c(fs, actual.get(e.getKey()).getPath());
        } catch (ChecksumException stale) {
          // the local file system's own .crc file no longer matches either
          String name = e.getKey();
          int slash = name.lastIndexOf('/');
          String crcFile = name.substring(0, slash + 1) + "." + name.substring(slash + 1) + ".crc";
          return name
              + " has other content than when it was written, and no longer matches its checksum"
              + " file "
              + crcFile
              + " either (delete that file as well)";
        }
        if (!now.equals(crc)) {
          return e.getKey() + " has other content than when it was written (CRC-32C " + now + ", " + crc + " expected)";
        }
      }
    }
    return null;
  }

  /** Writes the marker of {@code dir}'s current contents as {@code dir/name}. */
  static void write(FileSystem fs, Path dir, String name) throws IOException {
    byte[] content = markerContent(fs, dir);
    try (OutputStream out = fs.create(new Path(dir, name), true)) {
      out.write(content);
    }
  }

  /** The files a marker lists (everything but the marker, checksum files and hidden names), by relative path. */
  private static Map<String, FileStatus> listing(FileSystem fs, Path dir) throws IOException {
    Map<String, FileStatus> files = new TreeMap<>();
    String root = OutputDir.withoutTrailingSlash(fs.makeQualified(dir)).toUri().getPath();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      FileStatus st = it.next();
      String rel = st.getPath().toUri().getPath().substring(root.length() + 1);
      if (rel.equals(OutputDir.MARKER) || rel.endsWith(".crc") || rel.contains("/.") || rel.startsWith(".")) {
        continue;
      }
      files.put(rel, st);
    }
    return files;
  }

  /**
   * Marker content: {@code size<TAB>crc32c<TAB>path} per file, sorted by path, then {@code
   * sha256<TAB>} and the SHA-256 of every marker byte before the hash itself.
   */
  private static byte[] markerContent(FileSystem fs, Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (var e : listing(fs, dir).entrySet()) {
      FileStatus st = e.getValue();
      sb.append(st.getLen()).append('\t').append(crc32c(fs, st.getPath())).append('\t').append(e.getKey()).append('\n');
    }
    sb.append("sha256\t");
    sb.append(sha256(sb.toString())).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** CRC-32C of a file's content, 8 hex digits. */
  private static String crc32c(FileSystem fs, Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 20];
    try (var in = fs.open(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return String.format("%08x", crc.getValue());
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
