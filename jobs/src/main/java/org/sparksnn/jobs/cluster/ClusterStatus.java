package org.sparksnn.jobs.cluster;

import java.util.List;

/**
 * What {@link StandaloneCluster#status()} found.
 *
 * @param masterUrl {@code spark://127.0.0.1:<port>}
 * @param webUiPort the master's web UI port
 * @param masterAlive whether the master JVM this run dir started is alive
 * @param workerPids PIDs of the worker JVMs started from this run dir that are alive
 * @param aliveWorkers workers registered with the master ({@code aliveworkers} of its JSON), or -1
 *     if the master did not answer
 * @param cores task slots the master offers, or -1
 */
public record ClusterStatus(
    String masterUrl,
    int webUiPort,
    boolean masterAlive,
    List<Long> workerPids,
    int aliveWorkers,
    int cores) {

  public ClusterStatus {
    workerPids = List.copyOf(workerPids);
  }

  /** Whether the master runs and at least one worker is registered. */
  public boolean running() {
    return masterAlive && aliveWorkers > 0;
  }

  /** Human-readable lines for {@code bin/spark-snn cluster status}. */
  public String describe() {
    if (!masterAlive) {
      return "cluster: not running";
    }
    return "cluster: running\n"
        + "master:  "
        + masterUrl
        + "\n"
        + "web UI:  http://127.0.0.1:"
        + webUiPort
        + "\n"
        + "workers: "
        + (aliveWorkers < 0 ? "?" : Integer.toString(aliveWorkers))
        + " alive ("
        + workerPids.size()
        + " worker JVMs, "
        + (cores < 0 ? "?" : Integer.toString(cores))
        + " cores)";
  }
}
