package org.sparksnn.pipeline.io;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
   * Opens a regular file for reading. Fails with a {@link DataFormatException} naming the URI when
   * it is missing or a directory.
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
    } catch (FileNotFoundException e) {
      throw new DataFormatException(uri + ": file not found");
    } catch (org.apache.hadoop.security.AccessControlException e) {
      throw new DataFormatException(uri + ": permission denied", e);
    } catch (IOException e) {
      throw new UncheckedIOException(uri + ": cannot open: " + e.getMessage(), e);
    }
  }

  /** True if {@code path} exists. */
  public static boolean exists(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(qualified(path, conf) + ": " + e.getMessage(), e);
    }
  }
}
