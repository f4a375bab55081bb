package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.RunTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spark-snn run CONFIG}: every stage the config names, then a report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every stage the config names and writes a report.",
      "Fetch data if missing -> encode -> train -> sweep -> loihi; a stage whose output is",
      "complete and was made from the same config is skipped."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. conf/quickstart.yaml")
  String conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
  java.util.List<String> overrides = new java.util.ArrayList<>();

  @Option(names = "--master", paramLabel = "URL", description = "Spark master; default local[*]")
  String master;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    ConfOptions options = new ConfOptions();
    options.conf = conf;
    options.overrides = overrides;
    breakLock.applyTo(options.overrides);
    options.master = master;
    return options.runStage("report", RunTask::run);
  }
}
