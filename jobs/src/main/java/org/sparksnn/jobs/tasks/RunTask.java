package org.sparksnn.jobs.tasks;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline of a config: data, then each configured stage in order, skipping a stage
 * whose output is already complete (unless {@code output.overwrite}); ends with {@code
 * report.md} in the run directory.
 */
public final class RunTask {
  private static final Logger LOG = LoggerFactory.getLogger(RunTask.class);

  private RunTask() {}

  /** Runs the config's stages and returns the report's path. */
  public static Path run(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> stageRows = new ArrayList<>();
    long t0 = System.nanoTime();
    DataTask.ensure(config.data(), hadoop);
    stageRows.add(row("data", new Path(config.data().dir()), hadoop, t0));
    if (config.encode() != null) {
      stageRows.add(
          stage("encode", EncodeTask.outputPath(config), config, hadoop,
              () -> EncodeTask.run(spark, config, resolvedYaml)));
    }
    if (config.train() != null) {
      stageRows.add(
          stage("train", TrainTask.outputPath(config), config, hadoop,
              () -> TrainTask.run(spark, config, resolvedYaml)));
    }
    if (config.loihi() != null) {
      stageRows.add(
          stage("loihi", LoihiTask.outputPath(config), config, hadoop,
              () -> LoihiTask.run(spark, config, resolvedYaml)));
    }
    String report =
        "# spark-snn run `"
            + config.name()
            + "`\n\n| stage | output | seconds |\n|---|---|---|\n"
            + String.join("\n", stageRows)
            + "\n\n## Resolved config\n\n```yaml\n"
            + resolvedYaml.strip()
            + "\n```\n";
    Path dir = new Path(config.output().dir());
    EncodeTask.writeText(dir, "report.md", report, hadoop);
    return new Path(dir, "report.md");
  }

  /** Runs {@code body} unless {@code out} is already complete; returns the report row. */
  private static String stage(
      String name, Path out, SparkSnnConfig config, Configuration hadoop, Runnable body) {
    if (!config.output().overwrite() && OutputDir.isComplete(out, hadoop)) {
      LOG.info("{}: {} is complete, skipped", name, out);
      return row(name, out, hadoop, -1);
    }
    long t = System.nanoTime();
    body.run();
    return row(name, out, hadoop, t);
  }

  /** A stage's report row; {@code startNanos < 0} marks a stage skipped as complete. */
  private static String row(String stage, Path output, Configuration conf, long startNanos) {
    String secs =
        startNanos < 0
            ? "skipped (complete)"
            : String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    return "| " + stage + " | " + HadoopPaths.qualified(output, conf) + " | " + secs + " |";
  }
}
