package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn encode}: encodes a dataset into spike trains (Parquet). */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = "Encodes the config's dataset into spike trains: <output.dir>/encoded/{train,test}.")
final class EncodeCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Mixin BreakLockOption breakLock;

  @Override
  public Integer call() {
    breakLock.applyTo(options.overrides);
    return options.runStage("encoded", ConfigCommand.ENCODE);
  }
}
