package org.sparksnn.jobs;

import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.ConfigCommand;

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
          CommandLauncher.launch(ConfigCommand.TRAIN, config, null);
        });
  }
}
