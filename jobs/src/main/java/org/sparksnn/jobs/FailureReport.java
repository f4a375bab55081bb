package org.sparksnn.jobs;

import java.util.function.Consumer;
import org.apache.hadoop.fs.FSError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.SnnException;

/**
 * How a failed command ends, the same for {@code bin/spark-snn} and the {@code spark-submit} main
 * classes: one {@code error: …} line for the user and an exit code, 2 for a usage, config or input
 * error ({@link SnnException}, {@link IllegalArgumentException}), 1 for any other failure (an I/O
 * failure, a full disk, or something unexpected, whose stack trace goes to the log).
 */
public final class FailureReport {
  private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

  private FailureReport() {}

  /** Prints {@code failure}'s error line with {@code errLine} and returns the exit code. */
  public static int report(Throwable failure, Consumer<String> errLine) {
    if (failure instanceof SnnException || failure instanceof IllegalArgumentException) {
      errLine.accept("error: " + failure.getMessage());
      LOG.debug("failure", failure);
      return 2;
    }
    if (failure instanceof java.io.UncheckedIOException) {
      errLine.accept("error: " + failure.getMessage());
      LOG.debug("failure", failure);
      return 1;
    }
    if (failure instanceof FSError) {
      // the local file system's write failure (e.g. no space left on device); every stage has
      // removed its partial output by now
      errLine.accept("error: cannot write: " + failure.getMessage());
      LOG.debug("failure", failure);
      return 1;
    }
    LOG.error("unexpected failure", failure);
    String message =
        failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
    errLine.accept("error: unexpected " + failure.getClass().getName() + ": " + message);
    return 1;
  }
}
