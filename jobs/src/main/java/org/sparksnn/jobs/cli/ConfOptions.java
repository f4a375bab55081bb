package org.sparksnn.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.jobs.HadoopSettings;
import org.sparksnn.jobs.JobArgs;
import org.sparksnn.jobs.config.SparkSnnConfig;
import picocli.CommandLine.Option;

/** The options every config-driven command takes: {@code --conf}, {@code --set}, {@code --master}. */
public final class ConfOptions {
  @Option(
      names = "--conf",
      required = true,
      paramLabel = "FILE",
      description = "YAML config (any Hadoop path), e.g. conf/quickstart.yaml")
  String conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a config key, e.g. --set encode.encoder.steps=50 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master; default local[*] (e.g. spark://127.0.0.1:7077)")
  String master;

  /** Loads and validates the config with the overrides applied. */
  public SparkSnnConfig load() {
    return new JobArgs(conf, List.copyOf(overrides)).load(HadoopSettings.fromSystemProperties());
  }

  /** A stage run with the session, the config and its resolved YAML; returns its output path. */
  @FunctionalInterface
  interface StageBody {
    Object run(SparkSession spark, SparkSnnConfig config, String resolvedYaml);
  }

  /**
   * Checks {@code --master}, loads the config, starts Spark, runs {@code body}, prints {@code
   * "<label>: <output>"} and stops Spark.
   */
  int runStage(String label, StageBody body) {
    SparkSessionFactory.checkMaster(master);
    SparkSnnConfig config = load();
    String resolved = new TypedYaml().toYaml(config);
    SparkSession spark =
        SparkSessionFactory.create("spark-snn " + label + " " + config.name(), master, config.spark());
    try {
      System.out.println(label + ": " + body.run(spark, config, resolved));
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** The master given with {@code --master}, or null. */
  public String master() {
    return master;
  }
}
