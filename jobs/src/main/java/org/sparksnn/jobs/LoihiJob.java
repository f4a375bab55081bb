package org.sparksnn.jobs;

import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.LoihiTask;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit --class org.sparksnn.jobs.LoihiJob spark-snn-jobs-assembly.jar CONFIG.yaml
 * [--set k=v]...}: the Loihi stage of a config (map, validate, discretize, emulate the test split).
 */
public final class LoihiJob {
  private static final Logger LOG = LoggerFactory.getLogger(LoihiJob.class);

  private LoihiJob() {}

  public static void main(String[] args) {
    JobMain.run(
        () -> {
          SparkSnnConfig config =
              JobArgs.parse(LoihiJob.class.getName(), args).load(HadoopSettings.fromSystemProperties());
          SparkSession spark = SparkSessionFactory.create("spark-snn loihi", null, config.spark());
          try {
            LOG.info("loihi: {}", LoihiTask.run(spark, config, new TypedYaml().toYaml(config)));
          } finally {
            spark.stop();
          }
        });
  }
}
