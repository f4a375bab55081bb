package org.sparksnn.jobs.tasks;

import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;

/**
 * The commands that run a config's stages — {@code encode}, {@code train}, {@code sweep}, {@code
 * loihi} and {@code run} (all of them, then the report) — as the CLI and the {@code spark-submit}
 * main classes start them.
 *
 * <p>A command holds the locks of the directories it writes ({@link RunLocks}) for as long as it
 * runs. {@link #execute} takes them before Spark starts, so a second run of an output that is in
 * use fails at once (not after Spark's start-up and kernel warm-up, seconds later), and releases
 * them after Spark has stopped. The single-stage commands keep a finished output made from the
 * same config ({@link OutputProvenance#keepsFinishedOutput}) instead of running again.
 */
public enum ConfigCommand {
  ENCODE("encode") {
    @Override
    Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
      return keepOrRun(spark, config, OutputProvenance.Stage.ENCODE, EncodeTask.outputPath(config),
          true, () -> EncodeTask.runLocked(spark, config, resolvedYaml));
    }
  },
  TRAIN("train") {
    @Override
    Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
      // a training grid's points decide for themselves which finished models they keep
      return keepOrRun(spark, config, OutputProvenance.Stage.TRAIN, TrainTask.outputPath(config),
          config.trainGrid() == null, () -> TrainTask.runLocked(spark, config, resolvedYaml));
    }
  },
  SWEEP("sweep") {
    @Override
    Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
      return SweepTask.runLocked(spark, config);
    }
  },
  LOIHI("loihi") {
    @Override
    Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
      return keepOrRun(spark, config, OutputProvenance.Stage.LOIHI, LoihiTask.outputPath(config),
          true, () -> LoihiTask.runLocked(spark, config, resolvedYaml));
    }
  },
  /** Every stage the config names, then {@code report.md} / {@code report.html} ({@link RunTask}). */
  RUN("run") {
    @Override
    Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
      return RunTask.runLocked(spark, config, resolvedYaml);
    }
  };

  private final String commandName;

  ConfigCommand(String commandName) {
    this.commandName = commandName;
  }

  /** The command's name on the command line ({@code encode}, …, {@code run}). */
  public String commandName() {
    return commandName;
  }

  /**
   * Locks the command's outputs, then starts Spark, runs the command, stops Spark and releases the
   * locks (on failure too).
   *
   * @param config the loaded, validated config
   * @param resolvedYaml the resolved config, written beside the outputs
   * @param hadoop the Hadoop configuration the session will have ({@code spark.hadoop.*} applied),
   *     for the lock files
   * @param startSpark starts the session; called only once the locks are held
   * @return the command's output: the stage's output directory, or for {@code run} the HTML report
   * @throws org.sparksnn.ops.SnnException if another run holds a lock (Spark is then not started)
   */
  public Path execute(
      SparkSnnConfig config,
      String resolvedYaml,
      Configuration hadoop,
      Supplier<SparkSession> startSpark) {
    try (RunLocks locks = RunLocks.acquire(hadoop, config, commandName)) {
      SparkSession spark = startSpark.get();
      try {
        return runHeld(spark, config, resolvedYaml);
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * Runs the command in a session the caller started (and stops): locks its outputs with the
   * session's Hadoop configuration, runs, releases the locks.
   *
   * @return as {@link #execute}
   */
  public Path run(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (RunLocks locks = RunLocks.acquire(hadoop, config, commandName)) {
      return runHeld(spark, config, resolvedYaml);
    }
  }

  /** The command's work, while the caller holds its locks. */
  abstract Path runHeld(SparkSession spark, SparkSnnConfig config, String resolvedYaml);

  /**
   * {@code output} if it is a finished output of this config that may be kept ({@code keepable}),
   * else what {@code run} returns.
   */
  private static Path keepOrRun(
      SparkSession spark,
      SparkSnnConfig config,
      OutputProvenance.Stage made,
      Path output,
      boolean keepable,
      Supplier<Path> run) {
    if (keepable
        && OutputProvenance.keepsFinishedOutput(
            made.command(), output, config, made, spark.sparkContext().hadoopConfiguration())) {
      return output;
    }
    return run.get();
  }
}
