package org.sparksnn.pipeline.io;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;

/**
 * An output directory written atomically: everything goes to a hidden temporary sibling ({@code
 * .<name>.tmp-<uuid>}), and {@link #commit()} writes a success marker and renames it into place.
 * A reader accepts a directory only if {@link #isComplete} (the marker exists and its listed
 * files, sizes and content checksums match), so a crash never leaves a directory a later stage
 * takes for complete.
 *
 * <p>Call order: {@link #create}, write into {@link #tempPath()}, then {@link #commit()} or {@link
 * #abort()}.
 */
public final class OutputDir {
  /** Name of the success marker file (format: {@link SuccessMarker}). */
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
            qualified + ": output already exists and overwrite is off; choose a new output path");
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

  static Path withoutTrailingSlash(Path p) {
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
      SuccessMarker.write(fs, tempPath, MARKER);
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
      return SuccessMarker.difference(SuccessMarker.read(fs, marker), fs, dir) == null;
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
      String difference = SuccessMarker.difference(SuccessMarker.read(fs, marker), fs, dir);
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

}
