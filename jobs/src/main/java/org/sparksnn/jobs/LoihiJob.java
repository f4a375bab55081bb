package org.sparksnn.jobs;

import org.sparksnn.jobs.tasks.ConfigCommand;
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
    JobMain.run(() -> LOG.info("loihi: {}", JobMain.launch(LoihiJob.class, ConfigCommand.LOIHI, args)));
  }
}
