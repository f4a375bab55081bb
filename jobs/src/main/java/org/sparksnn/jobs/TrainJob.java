package org.sparksnn.jobs;

import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.TrainTask;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * {@code spark-submit --class org.sparksnn.jobs.TrainJob spark-snn-jobs.jar CONFIG.yaml [--set
 * k=v]...}: the training stage of a config.
 */
public final class TrainJob {
  private TrainJob() {}

  public static void main(String[] args) {
    JobMain.run(
        () -> {
          SparkSnnConfig config =
              JobArgs.parse(TrainJob.class.getName(), args).load(HadoopSettings.fromSystemProperties());
          SparkSession spark = SparkSessionFactory.create("spark-snn train", null, config.spark());
          try {
            TrainTask.run(spark, config, new TypedYaml().toYaml(config));
          } finally {
            spark.stop();
          }
        });
  }
}
