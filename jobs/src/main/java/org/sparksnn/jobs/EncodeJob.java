package org.sparksnn.jobs;

import org.sparksnn.jobs.tasks.ConfigCommand;

/**
 * {@code spark-submit --class org.sparksnn.jobs.EncodeJob spark-snn-jobs.jar CONFIG.yaml [--set
 * k=v]...}: the encode stage of a config.
 */
public final class EncodeJob {
  private EncodeJob() {}

  public static void main(String[] args) {
    JobMain.run(() -> JobMain.launch(EncodeJob.class, ConfigCommand.ENCODE, args));
  }
}
