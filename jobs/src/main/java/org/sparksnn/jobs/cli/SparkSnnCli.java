package org.sparksnn.jobs.cli;

import org.sparksnn.jobs.FailureReport;
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
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage or input error. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SparkSnnCli());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> FailureReport.report(ex, commandLine.getErr()::println));
    try {
      return cli.execute(args);
    } catch (org.apache.hadoop.fs.FSError e) {
      // an Error, which picocli lets through
      return FailureReport.report(e, cli.getErr()::println);
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
