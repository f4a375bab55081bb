package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
  @Mixin ConfOptions options;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    breakLock.applyTo(options.overrides);
    return options.runStage("report", ConfigCommand.RUN);
  }
}
