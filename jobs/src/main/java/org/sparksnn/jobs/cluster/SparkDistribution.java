package org.sparksnn.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sparksnn.ops.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code SPARK_HOME} made of Maven jars: {@code jars/} holds links to spark-sql, spark-mllib and
 * their runtime dependencies (resolved by {@code mvn dependency:build-classpath} on {@code
 * bin/cluster/spark-dist-pom.xml}, nothing of spark-snn: the application reaches executors through
 * {@code spark.jars}), {@code conf/log4j2.properties} logs at WARN. Built once; a {@code .complete}
 * marker makes later calls free. Maven is {@code mvn} on the PATH, or {@code $MVN}; it runs offline
 * first (the build has already fetched Spark), then online.
 *
 * @param home the SPARK_HOME directory
 * @param projectRoot the spark-snn checkout (holds {@code bin/cluster/spark-dist-pom.xml})
 */
public record SparkDistribution(Path home, Path projectRoot) {
  private static final Logger LOG = LoggerFactory.getLogger(SparkDistribution.class);
  private static final String POM = "bin/cluster/spark-dist-pom.xml";
  private static final String MARKER = ".complete";

  public SparkDistribution {
    home = home.toAbsolutePath().normalize();
    projectRoot = projectRoot.toAbsolutePath().normalize();
  }

  /** {@code home/jars}. */
  public Path jars() {
    return home.resolve("jars");
  }

  /** The daemon classpath {@code home/conf:home/jars/*}. */
  public String classpath() {
    return home.resolve("conf") + File.pathSeparator + jars() + File.separator + "*";
  }

  /**
   * Whether the layout is complete and newer than the poms that decide its jars (the project's
   * {@code pom.xml} holds the Spark version).
   */
  public boolean isComplete() {
    Path marker = home.resolve(MARKER);
    if (!Files.exists(marker)) {
      return false;
    }
    try {
      var built = Files.getLastModifiedTime(marker);
      for (Path pom : List.of(projectRoot.resolve("pom.xml"), projectRoot.resolve(POM))) {
        if (Files.exists(pom) && Files.getLastModifiedTime(pom).compareTo(built) > 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Builds the layout if it is not complete; returns this. */
  public SparkDistribution ensure() {
    if (isComplete()) {
      return this;
    }
    Path pom = projectRoot.resolve(POM);
    if (!Files.isRegularFile(pom)) {
      throw new ConfigException(pom + ": not found; run from a spark-snn checkout");
    }
    try {
      Files.deleteIfExists(home.resolve(MARKER));
      Files.createDirectories(jars());
      Files.createDirectories(home.resolve("conf"));
      try (var old = Files.list(jars())) {
        for (Path p : old.toList()) {
          Files.deleteIfExists(p); // links of an earlier Spark version
        }
      }
      Path cpFile = home.resolve("classpath.txt");
      resolve(pom, cpFile, true);
      List<String> entries = new ArrayList<>();
      for (String e : Files.readString(cpFile, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
        if (!e.isBlank()) {
          entries.add(e);
        }
      }
      for (String e : entries) {
        Path jar = Path.of(e);
        Path link = jars().resolve(jar.getFileName());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, jar);
      }
      Files.writeString(
          home.resolve("conf/log4j2.properties"),
          """
          rootLogger.level = warn
          rootLogger.appenderRef.stdout.ref = console
          appender.console.type = Console
          appender.console.name = console
          appender.console.target = SYSTEM_ERR
          appender.console.layout.type = PatternLayout
          appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
          logger.master.name = org.apache.spark.deploy
          logger.master.level = info
          """);
      Files.writeString(home.resolve("RELEASE"), "Spark from Maven jars (spark-snn)\n");
      Files.writeString(home.resolve(MARKER), entries.size() + " jars\n");
      LOG.info("SPARK_HOME {}: {} jars", home, entries.size());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(home + ": cannot build SPARK_HOME: " + e.getMessage(), e);
    }
  }

  /** Runs Maven (offline first, then online) to write the Spark jar list to {@code out}. */
  private void resolve(Path pom, Path out, boolean offline) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(System.getenv().getOrDefault("MVN", "mvn"), "-B", "-q"));
    if (offline) {
      cmd.add("-o");
    }
    cmd.addAll(
        List.of(
            "-f",
            pom.toString(),
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=" + out));
    Path log = home.resolve("mvn.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(projectRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("mvn timed out; see " + log);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0 || !Files.exists(out)) {
      if (offline) {
        LOG.info("offline resolution failed, retrying online");
        resolve(pom, out, false);
        return;
      }
      throw new IOException(String.join(" ", cmd) + " failed; see " + log);
    }
  }
}
