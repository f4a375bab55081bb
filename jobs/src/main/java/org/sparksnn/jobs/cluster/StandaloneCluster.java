package org.sparksnn.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.sparksnn.ops.SnnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark standalone cluster on 127.0.0.1: one master JVM and {@code spec.workers()} worker JVMs
 * launched from a {@link SparkDistribution}, with {@code master.pid}, {@code worker-<i>.pid},
 * {@code cluster.properties} (URL and ports) and {@code logs/} in {@code spec.runDir()}. Workers
 * start executors with {@code OMP_NUM_THREADS=1}.
 *
 * <p>Every JVM it launches carries {@code -Dsparksnn.cluster.dir=<runDir>} on its command line;
 * {@link #stop} only signals processes whose command line has that marker (and their
 * descendants, the executors), so a stale PID file never kills a stranger. Call order: {@link
 * #start}, then any of {@link #status} / {@link #executorPids}, then {@link #stop} (idempotent).
 * The daemons outlive the JVM that started them.
 */
public final class StandaloneCluster {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneCluster.class);
  private static final String MARKER = "-Dsparksnn.cluster.dir=";

  /**
   * Workers delete a finished application's work dir (its executors' logs and its copy of the
   * application jar, 133 MB for the assembly) once nothing in it has changed for 10 minutes; they
   * look every minute. Running applications are never touched.
   */
  static final List<String> WORKER_CLEANUP =
      List.of(
          "-Dspark.worker.cleanup.enabled=true",
          "-Dspark.worker.cleanup.interval=60",
          "-Dspark.worker.cleanup.appDataTtl=600");

  private final ClusterSpec spec;
  private final SparkDistribution dist;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param spec the cluster's shape; for {@link #stop} and {@link #status} only its run dir matters
   *     (ports are read from {@code cluster.properties})
   * @param dist the SPARK_HOME to run (built by {@link #start} if needed)
   */
  public StandaloneCluster(ClusterSpec spec, SparkDistribution dist) {
    this.spec = spec;
    this.dist = dist;
  }

  /** The spec this cluster runs with (ports as recorded by a running cluster, if any). */
  public ClusterSpec spec() {
    return recordedSpec().orElse(spec);
  }

  /**
   * Starts the master, then the workers, and waits until all workers are registered.
   *
   * @throws SnnException if a cluster of this run dir is already running, or it did not come up
   *     within {@code timeout} (what was started is stopped again)
   */
  public ClusterStatus start(Duration timeout) {
    if (alive("master").isPresent()) {
      throw new SnnException(
          "a cluster is already running from " + spec.runDir() + " (" + spec().masterUrl() + ")");
    }
    int leftovers = stop(); // workers of an earlier cluster whose master died
    if (leftovers > 0) {
      LOG.info("stopped {} leftover JVMs of {}", leftovers, spec.runDir());
    }
    checkPortsFree();
    dist.ensure();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Files.createDirectories(logs());
      writeProperties();
      launch(
          "master",
          "org.apache.spark.deploy.master.Master",
          List.of(),
          List.of(
              "--host", "127.0.0.1",
              "--port", Integer.toString(spec.masterPort()),
              "--webui-port", Integer.toString(spec.webUiPort())));
      awaitMaster(deadline, 0);
      for (int i = 1; i <= spec.workers(); i++) {
        Path work = spec.runDir().resolve("work/worker-" + i);
        Files.createDirectories(work);
        launch(
            "worker-" + i,
            "org.apache.spark.deploy.worker.Worker",
            WORKER_CLEANUP,
            List.of(
                spec.masterUrl(),
                "--host", "127.0.0.1",
                "--cores", Integer.toString(spec.coresPerWorker()),
                "--memory", spec.workerMemory(),
                "--webui-port", Integer.toString(spec.webUiPort() + i),
                "--work-dir", work.toString()));
      }
      awaitMaster(deadline, spec.workers());
    } catch (IOException | RuntimeException e) {
      stop();
      if (e instanceof SnnException s) {
        throw s;
      }
      throw new SnnException("cluster in " + spec.runDir() + " did not start: " + e, e);
    }
    ClusterStatus s = status();
    LOG.info("standalone cluster up: {} with {} workers", s.masterUrl(), s.aliveWorkers());
    return s;
  }

  /**
   * Fails naming the port, who holds it and the option to change, if the master's RPC port or a
   * web UI port of master or workers cannot be bound. (Spark would otherwise move to the next
   * port, and the workers register with whatever master answers on {@code masterPort}.)
   */
  private void checkPortsFree() {
    List<String[]> ports = new ArrayList<>();
    ports.add(new String[] {Integer.toString(spec.masterPort()), "master port", "--port"});
    ports.add(new String[] {Integer.toString(spec.webUiPort()), "master web UI port", "--webui-port"});
    for (int i = 1; i <= spec.workers(); i++) {
      ports.add(
          new String[] {
            Integer.toString(spec.webUiPort() + i),
            "web UI port of worker " + i + " (--webui-port + " + i + ")",
            "--webui-port"
          });
    }
    for (String[] p : ports) {
      int port = Integer.parseInt(p[0]);
      if (!LocalPorts.isFree(port)) {
        String who = LocalPorts.holder(port, MARKER).map(h -> " (" + h + ")").orElse("");
        throw new SnnException(
            "cannot start the cluster: "
                + p[1]
                + " "
                + port
                + " on 127.0.0.1 is in use"
                + who
                + "; choose another with "
                + p[2]);
      }
    }
  }

  /** The master's view and the live PIDs of this run dir. */
  public ClusterStatus status() {
    ClusterSpec s = spec();
    boolean master = alive("master").isPresent();
    List<Long> workers = new ArrayList<>();
    for (int i = 1; i <= s.workers(); i++) {
      alive("worker-" + i).ifPresent(p -> workers.add(p.pid()));
    }
    int aliveWorkers = -1;
    int cores = -1;
    if (master) {
      Optional<JsonNode> json = masterJson(s.webUiPort());
      if (json.isPresent()) {
        aliveWorkers = json.get().path("aliveworkers").asInt(-1);
        cores = json.get().path("cores").asInt(-1);
      }
    }
    return new ClusterStatus(s.masterUrl(), s.webUiPort(), master, workers, aliveWorkers, cores);
  }

  /**
   * Stops the workers (and their executors), then the master: SIGTERM, then SIGKILL after 10 s.
   * Idempotent; touches only processes started from this run dir. Returns how many were stopped.
   */
  public int stop() {
    ClusterSpec s = spec();
    List<String> names = new ArrayList<>();
    for (int i = s.workers(); i >= 1; i--) {
      names.add("worker-" + i);
    }
    names.add("master");
    int stopped = 0;
    for (String name : names) {
      Optional<ProcessHandle> p = alive(name);
      if (p.isPresent()) {
        List<ProcessHandle> children = p.get().descendants().toList();
        terminate(p.get());
        children.forEach(StandaloneCluster::terminate);
        stopped++;
      }
      try {
        Files.deleteIfExists(pidFile(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    removeApplicationJars();
    return stopped;
  }

  /**
   * Deletes the copies of application jars in the workers' work dirs ({@code
   * work/worker-<i>/app-*}/<executor>/*.jar), keeping the executors' logs; called by {@link #stop}
   * once no worker of this run dir runs, so every application there has finished. Returns the
   * bytes freed.
   */
  long removeApplicationJars() {
    Path work = spec.runDir().resolve("work");
    if (!Files.isDirectory(work)) {
      return 0;
    }
    long freed = 0;
    int apps = 0;
    try (var workers = Files.newDirectoryStream(work, "worker-*")) {
      for (Path worker : workers) {
        try (var appDirs = Files.newDirectoryStream(worker, "app-*")) {
          for (Path app : appDirs) {
            long before = freed;
            try (var files = Files.walk(app, 2)) {
              for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)) {
                  long size = Files.size(f);
                  Files.delete(f);
                  freed += size;
                }
              }
            }
            apps += freed > before ? 1 : 0;
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: cannot remove application jars: {}", work, e.toString());
    }
    if (freed > 0) {
      LOG.info(
          "removed the application jars of {} finished executor dirs ({} MB) under {}; logs kept",
          apps,
          freed >> 20,
          work);
    }
    return freed;
  }

  /** PIDs of the executor JVMs the workers of this run dir have launched (alive ones). */
  public List<Long> executorPids() {
    List<Long> out = new ArrayList<>();
    for (int i = 1; i <= spec().workers(); i++) {
      alive("worker-" + i)
          .ifPresent(
              w ->
                  w.descendants()
                      .filter(d -> commandLine(d.pid()).contains("CoarseGrainedExecutorBackend"))
                      .forEach(d -> out.add(d.pid())));
    }
    return out;
  }

  private Path logs() {
    return spec.runDir().resolve("logs");
  }

  private Path pidFile(String name) {
    return spec.runDir().resolve(name + ".pid");
  }

  private void launch(
      String name, String mainClass, List<String> systemProperties, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(JvmOptions.spark());
    cmd.add(MARKER + spec.runDir());
    // bind the ports asked for or fail: never a neighbouring port while workers use the asked one
    cmd.add("-Dspark.port.maxRetries=0");
    cmd.addAll(systemProperties);
    cmd.add("-cp");
    cmd.add(dist.classpath());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(spec.runDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve(name + ".log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", dist.home().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    Files.writeString(pidFile(name), p.pid() + "\n");
    LOG.info("started {} (pid {}), log {}", name, p.pid(), logs().resolve(name + ".log"));
  }

  private void writeProperties() throws IOException {
    Properties props = new Properties();
    props.setProperty("masterUrl", spec.masterUrl());
    props.setProperty("masterPort", Integer.toString(spec.masterPort()));
    props.setProperty("webUiPort", Integer.toString(spec.webUiPort()));
    props.setProperty("workers", Integer.toString(spec.workers()));
    props.setProperty("coresPerWorker", Integer.toString(spec.coresPerWorker()));
    props.setProperty("workerMemory", spec.workerMemory());
    try (var out = Files.newBufferedWriter(spec.runDir().resolve("cluster.properties"))) {
      props.store(out, "spark-snn standalone cluster");
    }
  }

  private Optional<ClusterSpec> recordedSpec() {
    Path f = spec.runDir().resolve("cluster.properties");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(f)) {
      props.load(in);
      return Optional.of(
          new ClusterSpec(
              spec.runDir(),
              Integer.parseInt(props.getProperty("workers")),
              Integer.parseInt(props.getProperty("coresPerWorker")),
              props.getProperty("workerMemory"),
              Integer.parseInt(props.getProperty("masterPort")),
              Integer.parseInt(props.getProperty("webUiPort"))));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: unreadable ({}), using the given spec", f, e.toString());
      return Optional.empty();
    }
  }

  /** The live process of {@code name} if its PID file names one started from this run dir. */
  private Optional<ProcessHandle> alive(String name) {
    Path f = pidFile(name);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(f).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(pid).contains(MARKER + spec.runDir()));
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }
  }

  private static void terminate(ProcessHandle p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
    }
  }

  /** Waits until the master's JSON answers with at least {@code workers} alive workers. */
  private void awaitMaster(long deadlineNanos, int workers) {
    while (true) {
      Optional<JsonNode> json = masterJson(spec.webUiPort());
      if (json.isPresent()) {
        String url = json.get().path("url").asText("");
        if (!url.equals(spec.masterUrl())) {
          throw new SnnException(
              "the master at http://127.0.0.1:"
                  + spec.webUiPort()
                  + " reports "
                  + (url.isEmpty() ? "no URL" : url)
                  + ", not "
                  + spec.masterUrl()
                  + "; see "
                  + logs().resolve("master.log"));
        }
        if (json.get().path("aliveworkers").asInt(0) >= workers) {
          return;
        }
      }
      if (alive("master").isEmpty()) {
        throw new SnnException(
            "the master exited; see " + logs().resolve("master.log"));
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new SnnException(
            "timed out waiting for the master at http://127.0.0.1:"
                + spec.webUiPort()
                + " to report "
                + workers
                + " alive workers; see "
                + logs());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SnnException("interrupted while starting the cluster", e);
      }
    }
  }

  private Optional<JsonNode> masterJson(int uiPort) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? Optional.of(new ObjectMapper().readTree(r.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
