package org.sparksnn.jobs;

import org.sparksnn.jobs.tasks.ConfigCommand;

/**
 * {@code spark-submit --class org.sparksnn.jobs.SweepJob spark-snn-jobs.jar CONFIG.yaml [--set
 * k=v]...}: the evaluation sweep of a config.
 */
public final class SweepJob {
  private SweepJob() {}

  public static void main(String[] args) {
    JobMain.run(() -> JobMain.launch(SweepJob.class, ConfigCommand.SWEEP, args));
  }
}
