package org.sparksnn.jobs;

import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.ConfigCommand;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Runs a {@link ConfigCommand} as {@code bin/spark-snn} and the {@code spark-submit} main classes
 * do: the output locks first (with the Hadoop configuration the session will have), then a
 * SparkSession from {@link SparkSessionFactory} named {@code "spark-snn <command> <config name>"},
 * stopped when the command ends.
 */
public final class CommandLauncher {
  private CommandLauncher() {}

  /**
   * @param master master URL, or null to take it from {@code spark-submit} / {@code spark.master}
   * @return the command's output ({@link ConfigCommand#execute})
   */
  public static Path launch(ConfigCommand command, SparkSnnConfig config, String master) {
    String resolvedYaml = new TypedYaml().toYaml(config);
    String appName = "spark-snn " + command.commandName() + " " + config.name();
    return command.execute(
        config,
        resolvedYaml,
        SparkSessionFactory.hadoopConfiguration(master, config.spark()),
        () -> SparkSessionFactory.create(appName, master, config.spark()));
  }
}
