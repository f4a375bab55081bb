package org.sparksnn.pipeline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * files and sizes match), so a crash never leaves a directory a later stage takes for complete.
 *
 * <p>Call order: {@link #create}, write into {@link #tempPath()}, then {@link #commit()} or {@link
 * #abort()}.
 */
public final class OutputDir {
  /** Name of the success marker: one line per file ({@code size<TAB>relative path}), then a hash. */
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
   * True if {@code dir} holds a success marker whose file list and sizes match the directory's
   * contents.
   */
  public static boolean isComplete(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path marker = new Path(dir, MARKER);
      if (!fs.exists(marker)) {
        return false;
      }
      byte[] expected;
      try (var in = fs.open(marker)) {
        expected = in.readAllBytes();
      }
      return java.util.Arrays.equals(expected, markerContent(fs, dir));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * For readers of directories that may also be made by hand (model directories): a directory
   * without a success marker passes; one with a marker must match it, else this fails with a
   * {@link DataFormatException} naming the URI and the first difference (a file missing, of
   * another size, or not listed) — a partial copy or a file changed after the commit.
   */
  public static void checkMarkerIfPresent(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path marker = new Path(dir, MARKER);
      if (!fs.exists(marker)) {
        return;
      }
      String expected;
      try (var in = fs.open(marker)) {
        expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String actual = new String(markerContent(fs, dir), StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new DataFormatException(
            HadoopPaths.qualified(dir, conf)
                + ": incomplete or changed since it was written: "
                + firstDifference(files(expected), files(actual))
                + " (per its "
                + MARKER
                + "; delete that file to accept the directory as it is)");
      }
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "check " + MARKER, e);
    }
  }

  /** Size by relative path, from marker content. */
  private static java.util.Map<String, String> files(String markerContent) {
    java.util.Map<String, String> m = new java.util.TreeMap<>();
    for (String line : markerContent.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0 && !line.startsWith("sha256\t")) {
        m.put(line.substring(tab + 1), line.substring(0, tab));
      }
    }
    return m;
  }

  private static String firstDifference(
      java.util.Map<String, String> expected, java.util.Map<String, String> actual) {
    for (var e : expected.entrySet()) {
      String size = actual.get(e.getKey());
      if (size == null) {
        return e.getKey() + " is missing (" + e.getValue() + " bytes expected)";
      }
      if (!size.equals(e.getValue())) {
        return e.getKey() + " has " + size + " bytes, " + e.getValue() + " expected";
      }
    }
    for (String name : actual.keySet()) {
      if (!expected.containsKey(name)) {
        return name + " is not listed";
      }
    }
    return "the marker's hash does not match";
  }

  private static void writeMarker(FileSystem fs, Path dir) throws IOException {
    byte[] content = markerContent(fs, dir);
    try (OutputStream out = fs.create(new Path(dir, MARKER), true)) {
      out.write(content);
    }
  }

  private static byte[] markerContent(FileSystem fs, Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    String root = withoutTrailingSlash(fs.makeQualified(dir)).toUri().getPath();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      FileStatus st = it.next();
      String rel = st.getPath().toUri().getPath().substring(root.length() + 1);
      if (rel.equals(MARKER) || rel.endsWith(".crc") || rel.contains("/.") || rel.startsWith(".")) {
        continue;
      }
      lines.add(st.getLen() + "\t" + rel);
    }
    lines.sort(null);
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append('\n');
    }
    sb.append("sha256\t").append(sha256(sb.toString())).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
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
