package org.sparksnn.jobs;

import org.sparksnn.jobs.tasks.ConfigCommand;

/**
 * {@code spark-submit --class org.sparksnn.jobs.TrainJob spark-snn-jobs.jar CONFIG.yaml [--set
 * k=v]...}: the training stage of a config.
 */
public final class TrainJob {
  private TrainJob() {}

  public static void main(String[] args) {
    JobMain.run(() -> JobMain.launch(TrainJob.class, ConfigCommand.TRAIN, args));
  }
}
