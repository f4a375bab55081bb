package org.sparksnn.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.EncodeTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spark-snn encode}: encodes a dataset into spike trains (Parquet). */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = "Encodes the config's dataset into spike trains: <output.dir>/encoded/{train,test}.")
final class EncodeCommand implements Callable<Integer> {
  @Mixin ConfOptions options;

  @Override
  public Integer call() {
    SparkSnnConfig config = options.load();
    String resolved = new TypedYaml().toYaml(config);
    SparkSession spark = SparkSessionFactory.create("spark-snn encode", options.master(), config.spark());
    try {
      System.out.println("encoded: " + EncodeTask.run(spark, config, resolved));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
