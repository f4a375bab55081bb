package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.RunTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spark-snn run CONFIG}: every stage the config names, then a report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every stage the config names (fetch data if missing -> encode -> ...),",
      "skipping stages whose outputs are already complete, and writes a report."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. conf/quickstart.yaml")
  String conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
  java.util.List<String> overrides = new java.util.ArrayList<>();

  @Option(names = "--master", paramLabel = "URL", description = "Spark master; default local[*]")
  String master;

  @Override
  public Integer call() {
    ConfOptions options = new ConfOptions();
    options.conf = conf;
    options.overrides = overrides;
    SparkSnnConfig config = options.load();
    String resolved = new TypedYaml().toYaml(config);
    SparkSession spark = SparkSessionFactory.create("spark-snn run " + config.name(), master, config.spark());
    try {
      System.out.println("report: " + RunTask.run(spark, config, resolved));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
