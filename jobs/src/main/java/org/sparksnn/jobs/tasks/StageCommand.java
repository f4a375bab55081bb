package org.sparksnn.jobs.tasks;

import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;

/**
 * How the {@code encode}, {@code train} and {@code loihi} commands run their stage on its own:
 * holding the run's locks ({@link RunLocks}), they keep a finished output made from this config
 * ({@link OutputProvenance#keepsFinishedOutput}) and otherwise run the stage.
 */
final class StageCommand {
  private StageCommand() {}

  /**
   * Runs the stage {@code made} under the locks of its command.
   *
   * @param output the stage's output directory
   * @param keepable false to run even over a finished output (a training grid's)
   * @param runLocked the stage, run while the locks are held; returns its output directory
   * @return {@code output} if its finished output is kept, else what {@code runLocked} returns
   */
  static Path run(
      SparkSession spark,
      SparkSnnConfig config,
      OutputProvenance.Stage made,
      Path output,
      boolean keepable,
      Supplier<Path> runLocked) {
    try (RunLocks locks = RunLocks.acquire(spark, config, made.command())) {
      if (keepable
          && OutputProvenance.keepsFinishedOutput(
              made.command(), output, config, made, spark.sparkContext().hadoopConfiguration())) {
        return output;
      }
      return runLocked.get();
    }
  }
}
