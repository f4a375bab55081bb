package org.sparksnn.jobs;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.SnnException;

/**
 * Runs the body of a {@code spark-submit} main class ({@link TrainJob}, {@link RunJob}, …) and ends
 * a failure as {@code bin/spark-snn} does: one {@code error: …} line on stderr and exit code 2 for
 * a usage, config or input error ({@link SnnException}, {@link IllegalArgumentException}), 1 for
 * any other failure (whose stack trace goes to the log). Success returns normally, so that {@code
 * spark-submit} ends as usual.
 */
final class JobMain {
  private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

  private JobMain() {}

  /** What a main class does. */
  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body}; on failure prints the error line and exits the JVM with its code. */
  static void run(Body body) {
    int code = execute(body, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs {@code body}; returns 0, or prints the error line to {@code err} and returns 1 or 2. */
  static int execute(Body body, PrintStream err) {
    try {
      body.run();
      return 0;
    } catch (SnnException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      LOG.debug("failure", e);
      return 2;
    } catch (java.io.UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      LOG.debug("failure", e);
      return 1;
    } catch (org.apache.hadoop.fs.FSError e) {
      err.println("error: cannot write: " + e.getMessage());
      LOG.debug("failure", e);
      return 1;
    } catch (Exception e) {
      LOG.error("unexpected failure", e);
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      err.println("error: unexpected " + e.getClass().getName() + ": " + message);
      return 1;
    }
  }
}
