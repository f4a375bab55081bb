package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn train}: trains the config's model; writes {@code <output.dir>/model}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains the config's model and writes <output.dir>/model (model.yaml, weights.npz, history.csv, learning-curve.png).")
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    breakLock.applyTo(options.overrides);
    return options.runStage("model", ConfigCommand.TRAIN);
  }
}
