package org.sparksnn.pipeline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;

/**
 * An output directory written atomically: everything goes to a hidden temporary sibling ({@code
 * .<name>.tmp-<uuid>}), and {@link #commit()} writes a success marker and renames it into place.
 * A reader accepts a directory only if {@link #isComplete} (the marker exists and its listed
 * files, sizes and content checksums match), so a crash never leaves a directory a later stage takes for complete.
 *
 * <p>Call order: {@link #create}, write into {@link #tempPath()}, then {@link #commit()} or {@link
 * #abort()}.
 */
public final class OutputDir {
  /**
   * Name of the success marker: one line per file ({@code size<TAB>crc32c<TAB>relative path}),
   * then {@code sha256<TAB>} and the SHA-256 of every marker byte before that hash.
   */
  public static final String MARKER = "_SPARKSNN_SUCCESS";

  private final Path finalPath;
  private final Path tempPath;
  private final Configuration conf;
  private final boolean overwrite;

  private OutputDir(Path finalPath, Path tempPath, Configuration conf, boolean overwrite) {
    this.finalPath = finalPath;
    this.tempPath = tempPath;
    this.conf = conf;
    this.overwrite = overwrite;
  }

  /**
   * Starts writing {@code finalPath}. Fails if it exists and {@code overwrite} is false.
   *
   * @param finalPath the directory readers will see once committed
   * @param overwrite replace an existing directory on commit
   */
  public static OutputDir create(Path finalPath, Configuration conf, boolean overwrite) {
    try {
      FileSystem fs = finalPath.getFileSystem(conf);
      Path qualified = withoutTrailingSlash(fs.makeQualified(finalPath));
      if (!overwrite && fs.exists(qualified)) {
        throw new SnnException(
            qualified + ": output already exists; use --overwrite (or a new output path)");
      }
      var fileAncestor = PathErrors.fileAncestor(qualified, conf);
      if (fileAncestor.isPresent()) {
        throw new SnnException(qualified + ": cannot create output: " + fileAncestor.get());
      }
      Path temp =
          new Path(
              qualified.getParent(),
              "." + qualified.getName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
      return new OutputDir(qualified, temp, conf, overwrite);
    } catch (IOException e) {
      throw PathErrors.failure(finalPath, conf, "create output", e);
    }
  }

  private static Path withoutTrailingSlash(Path p) {
    String s = p.toString();
    return s.endsWith("/") && s.length() > 1 ? new Path(s.replaceAll("/+$", "")) : p;
  }

  /** Where to write; not visible to readers until {@link #commit()}. */
  public Path tempPath() {
    return tempPath;
  }

  /** The directory readers will see. */
  public Path finalPath() {
    return finalPath;
  }

  /** Writes the marker into the temporary directory and renames it to the final path. */
  public void commit() {
    try {
      FileSystem fs = finalPath.getFileSystem(conf);
      fs.mkdirs(tempPath);
      writeMarker(fs, tempPath);
      if (fs.exists(finalPath)) {
        if (!overwrite) {
          throw new SnnException(finalPath + ": appeared while writing; refusing to replace it");
        }
        fs.delete(finalPath, true);
      }
      fs.mkdirs(finalPath.getParent());
      if (!fs.rename(tempPath, finalPath)) {
        throw new SnnException(finalPath + ": commit failed: cannot rename " + tempPath + " to it");
      }
    } catch (IOException e) {
      abort();
      throw PathErrors.failure(finalPath, conf, "commit output", e);
    } catch (org.apache.hadoop.fs.FSError e) {
      abort();
      throw PathErrors.failure(finalPath, conf, "commit output", e);
    }
  }

  /** Deletes the temporary directory (best effort). */
  public void abort() {
    try {
      tempPath.getFileSystem(conf).delete(tempPath, true);
    } catch (IOException ignored) {
      // best effort: a leftover hidden .tmp directory is never read
    }
  }

  /**
   * True if {@code dir} holds a success marker whose file list, sizes and content checksums match
   * the directory's contents (this reads every listed file once).
   */
  public static boolean isComplete(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path marker = new Path(dir, MARKER);
      if (!fs.exists(marker)) {
        return false;
      }
      return difference(readMarker(fs, marker), fs, dir) == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * For readers of directories that may also be made by hand (model directories): a directory
   * without a success marker passes; one with a marker must match it, else this fails with a
   * {@link DataFormatException} naming the URI and the first difference (a file missing, of
   * another size, with other content, or not listed) — a partial copy or a file changed after the
   * commit.
   */
  public static void checkMarkerIfPresent(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path marker = new Path(dir, MARKER);
      if (!fs.exists(marker)) {
        return;
      }
      String difference = difference(readMarker(fs, marker), fs, dir);
      if (difference != null) {
        throw new DataFormatException(
            HadoopPaths.qualified(dir, conf)
                + ": incomplete or changed since it was written: "
                + difference
                + " (per its "
                + MARKER
                + "; delete that file to accept the directory as it is)");
      }
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "check " + MARKER, e);
    }
  }

  private static String readMarker(FileSystem fs, Path marker) throws IOException {
    try (var in = fs.open(marker)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** One listed file: its size in bytes and its CRC-32C (null in markers of format 1). */
  private record Entry(long size, String crc) {}

  /**
   * The first way {@code dir} differs from the marker content {@code expected}, or null if it
   * matches. Markers of format 1 ({@code size<TAB>path} lines) are checked by size only.
   */
  private static String difference(String expected, FileSystem fs, Path dir) throws IOException {
    java.util.Map<String, Entry> listed = new java.util.TreeMap<>();
    StringBuilder lines = new StringBuilder();
    String hash = null;
    for (String line : expected.split("\n")) {
      String[] cols = line.split("\t", -1);
      if (cols.length == 2 && cols[0].equals("sha256")) {
        hash = cols[1];
        continue;
      }
      try {
        if (cols.length == 2) {
          listed.put(cols[1], new Entry(Long.parseLong(cols[0]), null));
        } else if (cols.length == 3) {
          listed.put(cols[2], new Entry(Long.parseLong(cols[0]), cols[1]));
        } else {
          return "the marker is damaged (line '" + line + "')";
        }
      } catch (NumberFormatException e) {
        return "the marker is damaged (line '" + line + "')";
      }
      lines.append(line).append('\n');
    }
    if (hash == null || !hash.equals(sha256(lines + "sha256\t"))) {
      return "the marker is damaged (its sha256 line does not match its file list)";
    }
    java.util.Map<String, FileStatus> actual = listing(fs, dir);
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
        } catch (org.apache.hadoop.fs.ChecksumException stale) {
          // the local file system's own .crc file no longer matches either
          return e.getKey() + " has other content than when it was written (" + stale.getMessage() + ")";
        }
        if (!now.equals(crc)) {
          return e.getKey() + " has other content than when it was written (CRC-32C " + now + ", " + crc + " expected)";
        }
      }
    }
    return null;
  }

  private static void writeMarker(FileSystem fs, Path dir) throws IOException {
    byte[] content = markerContent(fs, dir);
    try (OutputStream out = fs.create(new Path(dir, MARKER), true)) {
      out.write(content);
    }
  }

  /** The files a marker lists (everything but the marker, checksum files and hidden names), by relative path. */
  private static java.util.Map<String, FileStatus> listing(FileSystem fs, Path dir) throws IOException {
    java.util.Map<String, FileStatus> files = new java.util.TreeMap<>();
    String root = withoutTrailingSlash(fs.makeQualified(dir)).toUri().getPath();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      FileStatus st = it.next();
      String rel = st.getPath().toUri().getPath().substring(root.length() + 1);
      if (rel.equals(MARKER) || rel.endsWith(".crc") || rel.contains("/.") || rel.startsWith(".")) {
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
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
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
