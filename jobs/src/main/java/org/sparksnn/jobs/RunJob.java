package org.sparksnn.jobs;

import org.sparksnn.jobs.tasks.ConfigCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spark-submit --class org.sparksnn.jobs.RunJob spark-snn-jobs-assembly.jar CONFIG.yaml
 * [--set k=v]...}: every stage the config names (data, encode, train, sweep, Loihi), skipping
 * complete ones, then the report; the same as {@code bin/spark-snn run CONFIG}.
 */
public final class RunJob {
  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  private RunJob() {}

  public static void main(String[] args) {
    JobMain.run(() -> LOG.info("report: {}", JobMain.launch(RunJob.class, ConfigCommand.RUN, args)));
  }
}
