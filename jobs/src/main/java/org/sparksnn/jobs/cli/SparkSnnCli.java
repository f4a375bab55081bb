package org.sparksnn.jobs.cli;

import org.sparksnn.ops.SnnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spark-snn}: the command-line entry point of {@code bin/spark-snn}. */
@Command(
    name = "spark-snn",
    mixinStandardHelpOptions = true,
    version = "spark-snn 0.1.0",
    description = "Spiking neural networks on Apache Spark.",
    subcommands = {
      FetchDataCommand.class,
      EncodeCommand.class,
      ShowCommand.class,
      TrainCommand.class,
      SweepCommand.class,
      NeuronCommand.class,
      LoihiCommand.class,
      LoihiEmulateCommand.class,
      RunCommand.class,
      org.sparksnn.jobs.cluster.ClusterCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkSnnCli implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSnnCli.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage or input error. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SparkSnnCli());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof SnnException || ex instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + ex.getMessage());
            LOG.debug("failure", ex);
            return 2;
          }
          if (ex instanceof java.io.UncheckedIOException) {
            commandLine.getErr().println("error: " + ex.getMessage());
            return 1;
          }
          // not one of ours: the stack trace goes to the log, the user still gets one error line
          LOG.error("unexpected failure", ex);
          String message = ex.getMessage() == null ? "" : ex.getMessage().lines().findFirst().orElse("");
          commandLine.getErr().println("error: unexpected " + ex.getClass().getName() + ": " + message);
          return 1;
        });
    try {
      return cli.execute(args);
    } catch (org.apache.hadoop.fs.FSError e) {
      // the local file system's write failure (e.g. no space left on device) is an Error, which
      // picocli lets through; every stage has removed its partial output by now
      cli.getErr().println("error: cannot write: " + e.getMessage());
      LOG.debug("failure", e);
      return 1;
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
