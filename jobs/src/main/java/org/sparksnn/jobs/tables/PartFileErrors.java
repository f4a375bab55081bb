package org.sparksnn.jobs.tables;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.SparkThrowable;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.PathErrors;

/**
 * Turns a Spark failure to read one part file of a Parquet table (schema inference or a scan) into
 * an error that names the file: {@code "file:/runs/x/encoded/test/part-0.parquet: not a Parquet
 * file or corrupt (Expected magic number at tail, but found [97, 108, 108, 10])"}.
 *
 * <p>The file is found in the failure's cause chain: the {@code path} of Spark's {@code
 * FAILED_READ_FILE} error, else the file named in a message ({@code "Encountered error while
 * reading file …"}, {@code "… is not a Parquet file"}, Hadoop's {@code "Checksum error: …"});
 * the messages are searched too because a failure that comes back from an executor may have lost
 * its causes. Spark's executor still logs the failed task.
 */
public final class PartFileErrors {
  private static final Pattern READING_FILE =
      Pattern.compile("Encountered error while reading file (\\S+?)\\.(?:\\s|$)");
  private static final String NOT_PARQUET_TEXT = "is not a Parquet file";
  private static final Pattern NOT_PARQUET = Pattern.compile("(\\S+) " + NOT_PARQUET_TEXT);
  private static final Pattern CHECKSUM = Pattern.compile("Checksum error: (\\S+) at ");
  /** The identity hash thrift appends to its messages: {@code " Struct: …Scheme@7f06d3c7"}. */
  private static final Pattern THRIFT_STRUCT = Pattern.compile("\\s*Struct: \\S+@[0-9a-f]+$");

  /** Causes followed at most, against cycles. */
  private static final int MAX_DEPTH = 64;

  private PartFileErrors() {}

  /**
   * Runs {@code read}, a Spark read of a Parquet table or an action on it; a failure to read one
   * of its part files becomes {@link #of}'s error, any other failure is rethrown as it is.
   */
  public static <T> T reading(Configuration conf, Supplier<T> read) {
    try {
      return read.get();
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      RuntimeException named = of(e, conf);
      if (named != null) {
        throw named;
      }
      throw e;
    }
  }

  /**
   * The error naming the part file that {@code failure} could not read, or null if {@code failure}
   * names no file: a {@link DataFormatException} {@code "<file>: not a Parquet file or corrupt
   * (<reason>)"}, or {@code "<file>: <cause>"} for a file that is missing or may not be read.
   */
  static RuntimeException of(Throwable failure, Configuration conf) {
    String file = null;
    IOException io = null;
    Throwable deepest = failure;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      deepest = t;
      if (file == null) {
        file = fileOf(t);
      }
      if (t instanceof IOException x) {
        io = x; // the innermost one says most
      }
    }
    if (file == null) {
      return null;
    }
    Path path = new Path(file);
    String uri = qualified(path, conf);
    if (io instanceof FileNotFoundException
        || io instanceof AccessControlException
        || io instanceof java.nio.file.AccessDeniedException) {
      String cause = PathErrors.cause(path, conf, io);
      return new DataFormatException(
          uri + ": " + (cause.equals("not found") ? "file not found" : cause), failure);
    }
    String reason =
        io instanceof ChecksumException
            ? PathErrors.cause(path, conf, io)
            : reason(io != null ? io : deepest, file, uri);
    return new DataFormatException(
        uri + ": not a Parquet file or corrupt (" + reason + ")", failure);
  }

  /** {@link HadoopPaths#qualified}, or the path as it is if its file system cannot be made. */
  private static String qualified(Path path, Configuration conf) {
    try {
      return HadoopPaths.qualified(path, conf);
    } catch (RuntimeException e) { // e.g. an HDFS URI whose host does not resolve here
      return path.toString();
    }
  }

  /** The file {@code t} itself says it failed to read, or null. */
  private static String fileOf(Throwable t) {
    if (t instanceof SparkThrowable st
        && st.getCondition() != null
        && st.getCondition().startsWith("FAILED_READ_FILE")) {
      String p = st.getMessageParameters().get("path");
      if (p != null && !p.isBlank()) {
        return p;
      }
    }
    String m = t.getMessage();
    if (m == null) {
      return null;
    }
    for (Pattern p : new Pattern[] {READING_FILE, NOT_PARQUET, CHECKSUM}) {
      Matcher matcher = p.matcher(m);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return null;
  }

  /** Why {@code t} says the file could not be read, from its message, without the file's name. */
  private static String reason(Throwable t, String file, String uri) {
    String all = t.getMessage() == null ? "" : t.getMessage();
    String m = all.lines().findFirst().orElse("");
    int notParquet = m.indexOf(NOT_PARQUET_TEXT);
    if (notParquet >= 0) {
      // "<file> is not a Parquet file. Expected magic number at tail, but found [...]"
      String rest = m.substring(notParquet + NOT_PARQUET_TEXT.length()).replaceFirst("^\\.", "");
      return rest.isBlank() ? "no Parquet magic number at its end" : rest.strip();
    }
    if (t instanceof SparkThrowable
        || all.contains("Encountered error while reading file")
        || all.startsWith("Job aborted")) {
      // Spark's own wrapper, its causes lost: its text names the file and gives advice
      return all.contains("Could not read footer") ? "cannot read its footer" : "cannot read it";
    }
    m = m.replace(file, "").replace(uri, "").strip();
    m = THRIFT_STRUCT.matcher(m).replaceFirst("");
    return m.isEmpty() ? t.getClass().getSimpleName() : m;
  }
}
