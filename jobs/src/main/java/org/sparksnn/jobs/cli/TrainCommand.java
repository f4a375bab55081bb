package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.TrainTask;
import org.sparksnn.pipeline.yaml.TypedYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn train}: trains the config's model; writes {@code <output.dir>/model}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains the config's model and writes <output.dir>/model (model.yaml, weights.npz, history.csv, learning-curve.png).")
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Override
  public Integer call() {
    SparkSnnConfig config = options.load();
    String resolved = new TypedYaml().toYaml(config);
    SparkSession spark =
        SparkSessionFactory.create("spark-snn train " + config.name(), options.master(), config.spark());
    try {
      System.out.println("model: " + TrainTask.run(spark, config, resolved));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
