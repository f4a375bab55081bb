package org.sparksnn.jobs.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-snn cluster start|stop|status [--workers N]}: a real standalone cluster on 127.0.0.1
 * (master + N worker JVMs) from the Maven jars, its PIDs, ports and logs in {@code
 * .spark-snn/cluster}. Use it with {@code bin/spark-snn --master spark://127.0.0.1:7077 run ...}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Starts, stops or shows a Spark standalone cluster on 127.0.0.1.",
      "Master and N workers run as separate JVMs made from the Maven jars; PIDs, ports",
      "and logs are in --run-dir. Exit code of status: 0 running, 3 not running."
    })
public final class ClusterCommand implements Callable<Integer> {
  /** What to do. */
  enum Action {
    start,
    stop,
    status
  }

  @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop or status")
  Action action;

  @Option(names = "--workers", paramLabel = "N", description = "worker JVMs (start); default 2")
  int workers = 2;

  @Option(names = "--cores", paramLabel = "N", description = "task slots per worker; default 1")
  int cores = 1;

  @Option(names = "--memory", paramLabel = "SIZE", description = "executor memory per worker; default 2g")
  String memory = "2g";

  @Option(names = "--port", paramLabel = "PORT", description = "master port; default 7077")
  int port = 7077;

  @Option(
      names = "--webui-port",
      paramLabel = "PORT",
      description = "master web UI port (workers take the next ones); default 18080")
  int webUiPort = 18080;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "PID files, ports, logs, work dirs; default <root>/.spark-snn/cluster")
  Path runDir;

  @Option(
      names = "--spark-home",
      paramLabel = "DIR",
      description = "SPARK_HOME built from Maven jars; default <root>/.spark-snn/spark-home")
  Path sparkHome;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "start timeout; default 120")
  int timeoutSeconds = 120;

  @Override
  public Integer call() {
    Path root = Path.of(System.getProperty("sparksnn.root", "."));
    Path run = runDir != null ? runDir : root.resolve(".spark-snn/cluster");
    Path home = sparkHome != null ? sparkHome : root.resolve(".spark-snn/spark-home");
    ClusterSpec spec = new ClusterSpec(run, workers, cores, memory, port, webUiPort);
    StandaloneCluster cluster = new StandaloneCluster(spec, new SparkDistribution(home, root));
    switch (action) {
      case start -> {
        ClusterStatus s = cluster.start(Duration.ofSeconds(timeoutSeconds));
        System.out.println(s.describe());
        System.out.println("logs:    " + spec.runDir().resolve("logs"));
        System.out.println("use:     bin/spark-snn --master " + s.masterUrl() + " run conf/quickstart.yaml");
        return 0;
      }
      case stop -> {
        int n = cluster.stop();
        System.out.println(
            n == 0 ? "cluster: not running" : "cluster: stopped " + n + " JVMs (and their executors)");
        return 0;
      }
      default -> {
        ClusterStatus s = cluster.status();
        System.out.println(s.describe());
        return s.masterAlive() ? 0 : 3;
      }
    }
  }
}
