package org.sparksnn.jobs;

import org.apache.spark.sql.SparkSession;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.EncodeTask;

/**
 * {@code spark-submit --class org.sparksnn.jobs.EncodeJob spark-snn-jobs.jar CONFIG.yaml [--set
 * k=v]...}: the encode stage of a config.
 */
public final class EncodeJob {
  private EncodeJob() {}

  public static void main(String[] args) {
    JobMain.run(
        () -> {
          JobArgs jobArgs = JobArgs.parse(EncodeJob.class.getName(), args);
          SparkSnnConfig config = jobArgs.load(HadoopSettings.fromSystemProperties());
          SparkSession spark = SparkSessionFactory.create("spark-snn encode", null, config.spark());
          try {
            EncodeTask.run(spark, config, new TypedYaml().toYaml(config));
          } finally {
            spark.stop();
          }
        });
  }
}
