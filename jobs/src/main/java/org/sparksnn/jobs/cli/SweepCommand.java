package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn sweep}: evaluates models over a grid of dt, synapse, scale, steps, neuron. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates the config's models over the sweep grid.",
      "The grid is dt x synapse x scaleFiringRates x steps x neuron, plus explicit points;",
      "progress per grid point; results (Parquet, CSV), plots and report.md in",
      "<output.dir>/sweep/results. Re-running computes only missing points."
    })
final class SweepCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    breakLock.applyTo(options.overrides);
    return options.runStage("sweep", ConfigCommand.SWEEP);
  }
}
