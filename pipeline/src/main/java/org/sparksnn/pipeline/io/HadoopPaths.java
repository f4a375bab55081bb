package org.sparksnn.pipeline.io;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.sparksnn.ops.DataFormatException;

/**
 * Opens data files through the Hadoop {@code FileSystem} API, with errors that name the full URI
 * and the cause (missing, a directory, unreadable).
 */
public final class HadoopPaths {
  private HadoopPaths() {}

  /** The fully qualified URI of {@code path}, e.g. {@code file:/home/u/data/x} or {@code hdfs://…}. */
  public static String qualified(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).makeQualified(path).toString();
    } catch (IOException e) {
      return path.toString();
    }
  }

  /**
   * Opens a regular file for reading. Fails with a {@link DataFormatException} naming the URI and
   * the cause when it is missing (or an ancestor is a file), a directory, or not readable.
   */
  public static InputStream openFile(Path path, Configuration conf) {
    String uri = qualified(path, conf);
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus status = fs.getFileStatus(path);
      if (status.isDirectory()) {
        throw new DataFormatException(uri + ": is a directory, expected a file");
      }
      return new BufferedInputStream(fs.open(path), 1 << 16);
    } catch (FileNotFoundException | AccessControlException e) {
      String cause = PathErrors.cause(path, conf, e);
      throw new DataFormatException(
          uri + ": " + (cause.equals("not found") ? "file not found" : cause), e);
    } catch (IOException e) {
      throw PathErrors.failure(path, conf, "open", e);
    }
  }

  /**
   * Requires {@code dir} to be an existing directory. Fails with a {@link DataFormatException}
   * naming its URI and the cause: {@code directory not found}, {@code not a directory (a file)},
   * {@code permission denied}, or an ancestor that is a file.
   *
   * @param what what the directory holds, for the message, e.g. {@code "dataset"}
   */
  public static void requireDirectory(Path dir, Configuration conf, String what) {
    String uri = qualified(dir, conf);
    try {
      FileStatus status = dir.getFileSystem(conf).getFileStatus(dir);
      if (!status.isDirectory()) {
        throw new DataFormatException(
            uri + ": " + what + " directory expected, but this is a file (not a directory)");
      }
    } catch (FileNotFoundException e) {
      String cause = PathErrors.missing(dir, conf);
      throw new DataFormatException(
          uri + ": " + what + " directory" + (cause.startsWith("not found") ? " " : ": ") + cause,
          e);
    } catch (AccessControlException e) {
      throw new DataFormatException(uri + ": " + PathErrors.cause(dir, conf, e), e);
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "read " + what + " directory", e);
    }
  }

  /** True if {@code path} exists. */
  public static boolean exists(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw PathErrors.failure(path, conf, "check existence", e);
    }
  }
}
