package org.sparksnn.pipeline.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Turns a Hadoop {@code FileSystem} failure into a message that names the fully qualified URI
 * ({@code hdfs://127.0.0.1:8020/runs/a/model}, {@code file:/home/u/data}) and the cause in words:
 * {@code not found}, {@code permission denied (…)}, {@code hdfs://…/data is a file, not a
 * directory}, {@code already exists}, or the file system's own message.
 *
 * <p>The same words on every file system: HDFS reports a file met on the way to a path as a
 * missing path (superuser) or an {@code AccessControlException} (others); the local file system
 * reports permission problems as {@code FileNotFoundException}s. This class looks at the path's
 * ancestors to tell these apart.
 */
public final class PathErrors {
  private PathErrors() {}

  /**
   * An unchecked error {@code "<uri>: cannot <action>: <cause>"} for a failure at {@code path}.
   *
   * @param action what was attempted, e.g. {@code "write checkpoint"}
   */
  public static UncheckedIOException failure(
      Path path, Configuration conf, String action, IOException e) {
    return new UncheckedIOException(
        HadoopPaths.qualified(path, conf) + ": cannot " + action + ": " + cause(path, conf, e), e);
  }

  /**
   * {@link #failure(Path, Configuration, String, IOException)} for the {@link FSError} the local
   * file system throws instead of an {@code IOException} when a write fails (e.g. {@code No space
   * left on device}): an {@code Error} that would otherwise escape every {@code IOException} and
   * {@code RuntimeException} handler.
   */
  public static UncheckedIOException failure(
      Path path, Configuration conf, String action, FSError e) {
    IOException io =
        e.getCause() instanceof IOException cause ? cause : new IOException(e.getMessage(), e);
    return failure(path, conf, action, io);
  }

  /**
   * Runs {@code write}, a write to {@code path} that reports I/O failures wrapped in other
   * exceptions (a Spark job whose task failed writing a Parquet part file): if an {@code
   * IOException} or {@link FSError} is in the cause chain, the failure becomes {@link
   * #failure(Path, Configuration, String, IOException)} on that cause ({@code "<uri>: cannot
   * <action>: No space left on device"}); any other failure is rethrown as it is.
   */
  public static void writing(Path path, Configuration conf, String action, Runnable write) {
    try {
      write.run();
    } catch (Exception | FSError e) { // Spark throws its checked SparkException undeclared
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IOException io) {
          throw failure(path, conf, action, io);
        }
        if (t instanceof FSError fs) {
          throw failure(path, conf, action, fs);
        }
      }
      throw e;
    }
  }

  /** The cause of {@code e}, raised while accessing {@code path}, in words (see the class doc). */
  public static String cause(Path path, Configuration conf, IOException e) {
    String message = firstLine(e.getMessage());
    if (message.startsWith("Mkdirs failed")) {
      // the local file system says only that; find out why
      return unwritableLocalAncestor(path, conf).orElse(message);
    }
    if (isPermission(e)) {
      return notDirectoryAncestor(path, conf)
          .orElse("permission denied" + (message.isEmpty() ? "" : " (" + message + ")"));
    }
    if (e instanceof ParentNotDirectoryException) {
      return notDirectoryAncestor(path, conf)
          .orElse("a parent is not a directory (" + message + ")");
    }
    if (e instanceof FileAlreadyExistsException) {
      return notDirectoryAncestor(path, conf).orElse("already exists (" + message + ")");
    }
    if (e instanceof FileNotFoundException) {
      // java.io says why in parentheses: "/a/b (Read-only file system)", "(Is a directory)"
      String reason = parenthesized(message);
      return reason == null || reason.equals("No such file or directory")
          ? missing(path, conf)
          : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    if (e instanceof ChecksumException) {
      return checksumMismatch(path, conf, message);
    }
    return message.isEmpty() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Why {@code path} does not exist: {@code "not found"}, {@code "not found (<uri> does not
   * exist)"} naming the highest missing ancestor, or {@code "<uri> is a file, not a directory"}
   * naming the ancestor that is a file.
   */
  public static String missing(Path path, Configuration conf) {
    return notDirectoryAncestor(path, conf).orElseGet(() -> missingAncestor(path, conf));
  }

  /**
   * A read whose bytes do not match their checksum. On the local file system the checksums are in
   * a hidden {@code .<name>.crc} file beside the file, written with it; a file changed afterwards by
   * another program (say, weights edited with numpy) no longer matches it.
   */
  private static String checksumMismatch(Path path, Configuration conf, String message) {
    if (HadoopPaths.qualified(path, conf).startsWith("file:")) {
      Path crc = new Path(path.getParent(), "." + path.getName() + ".crc");
      return "does not match its checksum file "
          + HadoopPaths.qualified(crc, conf)
          + ": the file was changed by another program since spark-snn wrote it, or is damaged;"
          + " to use it as it is, delete the checksum file";
    }
    return "damaged: its bytes do not match their checksum (" + message + ")";
  }

  private static boolean isPermission(IOException e) {
    if (e instanceof AccessControlException || e instanceof java.nio.file.AccessDeniedException) {
      return true;
    }
    String m = e.getMessage();
    return e instanceof FileNotFoundException && m != null && m.contains("Permission denied");
  }

  /**
   * {@code "<uri> is a file, not a directory"} if the nearest existing ancestor of {@code path} is
   * a file (so {@code path} can be neither read nor created), else empty.
   */
  public static java.util.Optional<String> fileAncestor(Path path, Configuration conf) {
    return notDirectoryAncestor(path, conf);
  }

  private static java.util.Optional<String> notDirectoryAncestor(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      for (Path p = path.getParent(); p != null; p = p.getParent()) {
        FileStatus st;
        try {
          st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
          continue;
        }
        return st.isFile()
            ? java.util.Optional.of(
                HadoopPaths.qualified(p, conf) + " is a file, not a directory")
            : java.util.Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      // an ancestor we may not look at: say nothing about it
    }
    return java.util.Optional.empty();
  }

  /**
   * For a local path: {@code "read-only file system (<uri>)"} or {@code "permission denied (<uri>
   * is not writable)"} for its nearest existing ancestor, else empty.
   */
  private static java.util.Optional<String> unwritableLocalAncestor(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!"file".equals(fs.getScheme())) {
        return java.util.Optional.empty();
      }
      java.nio.file.Path p = java.nio.file.Paths.get(fs.makeQualified(path).toUri());
      while (p != null && !java.nio.file.Files.exists(p)) {
        p = p.getParent();
      }
      if (p == null) {
        return java.util.Optional.empty();
      }
      String uri = HadoopPaths.qualified(new Path(p.toUri()), conf);
      if (java.nio.file.Files.getFileStore(p).isReadOnly()) {
        return java.util.Optional.of("read-only file system (" + uri + ")");
      }
      if (!java.nio.file.Files.isWritable(p)) {
        return java.util.Optional.of("permission denied (" + uri + " is not writable)");
      }
    } catch (IOException | RuntimeException e) {
      // nothing more to say
    }
    return java.util.Optional.empty();
  }

  private static String missingAncestor(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      Path highestMissing = path;
      for (Path p = path.getParent(); p != null && !fs.exists(p); p = p.getParent()) {
        highestMissing = p;
      }
      return highestMissing.equals(path)
          ? "not found"
          : "not found (" + HadoopPaths.qualified(highestMissing, conf) + " does not exist)";
    } catch (IOException | RuntimeException e) {
      return "not found";
    }
  }

  /** The text of the last {@code (…)} that ends {@code message}, or null. */
  private static String parenthesized(String message) {
    int open = message.lastIndexOf(" (");
    return open < 0 || !message.endsWith(")") || message.length() - open < 4
        ? null
        : message.substring(open + 2, message.length() - 1);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
