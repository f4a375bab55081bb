package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn loihi}: map, validate, discretize and emulate the config's model on Loihi. */
@Command(
    name = "loihi",
    mixinStandardHelpOptions = true,
    description = "Maps the trained model to Loihi cores, validates the chip limits, emulates the test split and writes <output.dir>/loihi.")
final class LoihiCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    breakLock.applyTo(options.overrides);
    return options.runStage("loihi", ConfigCommand.LOIHI);
  }
}
