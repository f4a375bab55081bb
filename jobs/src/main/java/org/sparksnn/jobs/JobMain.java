package org.sparksnn.jobs;

import java.io.PrintStream;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.ConfigCommand;

/**
 * Runs the body of a {@code spark-submit} main class ({@link TrainJob}, {@link RunJob}, …) and ends
 * a failure as {@code bin/spark-snn} does ({@link FailureReport}: one {@code error: …} line on
 * stderr, exit code 2 or 1). Success returns normally, so that {@code spark-submit} ends as usual.
 */
final class JobMain {
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

  /**
   * Loads the config of a main class's arguments ({@code CONFIG.yaml [--set k=v]...}) and runs
   * {@code command} on it ({@link CommandLauncher}, master from {@code spark-submit}).
   *
   * @return the command's output
   */
  static Path launch(Class<?> mainClass, ConfigCommand command, String[] args) {
    SparkSnnConfig config =
        JobArgs.parse(mainClass.getName(), args).load(HadoopSettings.fromSystemProperties());
    return CommandLauncher.launch(command, config, null);
  }

  /** Runs {@code body}; returns 0, or prints the error line to {@code err} and returns 1 or 2. */
  static int execute(Body body, PrintStream err) {
    try {
      body.run();
      return 0;
    } catch (Exception | org.apache.hadoop.fs.FSError e) {
      return FailureReport.report(e, err::println);
    }
  }

}
