package org.sparksnn.jobs.cluster;

import java.nio.file.Path;
import org.sparksnn.ops.Checks;

/**
 * The shape of a local standalone cluster. Everything binds to 127.0.0.1; the workers' web UIs
 * take the ports after the master's ({@code webUiPort + 1 .. webUiPort + workers}).
 *
 * @param runDir directory of PID files, ports, logs and worker work dirs (e.g. {@code
 *     .spark-snn/cluster})
 * @param workers number of worker JVMs, in [1, 16]; default 2
 * @param coresPerWorker task slots each worker offers, {@code >= 1}; default 1
 * @param workerMemory memory each worker offers to executors, Spark size syntax; default {@code 2g}
 * @param masterPort master RPC port, in [1024, 65535]; default 7077
 * @param webUiPort master web UI port, in [1024, 65535 - workers]; default 18080
 */
public record ClusterSpec(
    Path runDir, int workers, int coresPerWorker, String workerMemory, int masterPort, int webUiPort) {

  public ClusterSpec {
    Checks.notNull("ClusterSpec.runDir", runDir);
    runDir = runDir.toAbsolutePath().normalize();
    Checks.inRange("ClusterSpec.workers", workers, 1, 16);
    Checks.positive("ClusterSpec.coresPerWorker", coresPerWorker);
    Checks.notNull("ClusterSpec.workerMemory", workerMemory);
    Checks.inRange("ClusterSpec.masterPort", masterPort, 1024, 65535);
    Checks.inRange("ClusterSpec.webUiPort", webUiPort, 1024, 65535 - workers);
  }

  /** The defaults in {@code runDir}: 2 workers of 1 core and 2g, ports 7077 and 18080. */
  public static ClusterSpec defaults(Path runDir) {
    return new ClusterSpec(runDir, 2, 1, "2g", 7077, 18080);
  }

  /** A copy with {@code n} workers. */
  public ClusterSpec withWorkers(int n) {
    return new ClusterSpec(runDir, n, coresPerWorker, workerMemory, masterPort, webUiPort);
  }

  /** A copy with other ports. */
  public ClusterSpec withPorts(int master, int webUi) {
    return new ClusterSpec(runDir, workers, coresPerWorker, workerMemory, master, webUi);
  }

  /** {@code spark://127.0.0.1:<masterPort>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }
}
