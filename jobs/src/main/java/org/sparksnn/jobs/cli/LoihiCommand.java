package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.LoihiTask;
import org.sparksnn.pipeline.yaml.TypedYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn loihi}: map, validate, discretize and emulate the config's model on Loihi. */
@Command(
    name = "loihi",
    mixinStandardHelpOptions = true,
    description = "Maps the trained model to Loihi cores, validates the chip limits, emulates the test split and writes <output.dir>/loihi.")
final class LoihiCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Override
  public Integer call() {
    SparkSnnConfig config = options.load();
    String resolved = new TypedYaml().toYaml(config);
    SparkSession spark =
        SparkSessionFactory.create("spark-snn loihi " + config.name(), options.master(), config.spark());
    try {
      System.out.println("loihi: " + LoihiTask.run(spark, config, resolved));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
