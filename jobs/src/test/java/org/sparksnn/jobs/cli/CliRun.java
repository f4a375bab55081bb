package org.sparksnn.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the CLI with its exit code and captured output.
 *
 * @param code exit code of {@link SparkSnnCli#execute}
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int code, String out, String err) {
  /** Runs {@code spark-snn args…} and captures its streams. */
  public static CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = SparkSnnCli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The {@code error: …} line the CLI printed, or all of standard error. */
  public String error() {
    return err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(err);
  }
}
