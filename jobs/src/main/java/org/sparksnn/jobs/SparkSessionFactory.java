package org.sparksnn.jobs;

import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.ExternalClusterManager;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.cluster.JvmOptions;
import org.sparksnn.pipeline.executor.KernelWarmUpPlugin;
import scala.Tuple2;

/**
 * Builds the SparkSession of a job. With a {@code local} master (the CLI's default {@code
 * local[*]}) Spark binds to 127.0.0.1; under {@code spark-submit} the master comes from the
 * submit command. ND4J's OpenMP threads are pinned to one per task on executors (scale with tasks,
 * not BLAS threads), which also keeps results identical between modes.
 */
public final class SparkSessionFactory {
  /** How long {@link #create} waits for a TCP connection to a {@code spark://} master, ms. */
  static final int MASTER_CONNECT_TIMEOUT_MILLIS = 3000;

  private SparkSessionFactory() {}

  /**
   * @param appName application name shown by Spark
   * @param master master URL, or null to take it from {@code spark-submit} / {@code spark.master}
   * @param settings extra {@code spark.*} settings from the config
   * @throws IllegalArgumentException if the master URL is malformed, or no master of a {@code
   *     spark://} URL accepts a TCP connection ({@link SparkMasterUrl#checkReachable})
   */
  public static SparkSession create(String appName, String master, Map<String, String> settings) {
    checkMaster(master);
    SparkConf conf = conf(appName, master, settings);
    // a spark:// master that does not answer: one error line now, not a minute of retries
    SparkMasterUrl.checkReachable(conf.get("spark.master"), MASTER_CONNECT_TIMEOUT_MILLIS);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * The Hadoop configuration a session from {@link #create} with these arguments gets, for file
   * access before it starts (the output locks): Hadoop's defaults plus each {@code
   * spark.hadoop.<key>} of {@link #conf} (system properties, then {@code settings}) as {@code
   * <key>}, as Spark applies them.
   */
  public static Configuration hadoopConfiguration(String master, Map<String, String> settings) {
    Properties hadoopProps = new Properties();
    for (Tuple2<String, String> kv : conf("hadoop configuration", master, settings).getAll()) {
      hadoopProps.setProperty(kv._1(), kv._2());
    }
    return HadoopSettings.from(hadoopProps);
  }

  /**
   * Checks a {@code --master} URL, for commands to call before any other work: its form ({@link
   * SparkMasterUrl#check}) and, for {@code yarn} and {@code k8s://}, that Spark's support for that
   * cluster manager is on the class path (it is under {@code spark-submit}, not under {@code
   * bin/spark-snn}). Null (no {@code --master}) passes.
   *
   * @throws IllegalArgumentException naming {@code --master} and the URL
   */
  public static void checkMaster(String master) {
    SparkMasterUrl.check(master);
    if (master == null || !(master.equals("yarn") || master.startsWith("k8s://"))) {
      return;
    }
    ClassLoader loader = SparkSessionFactory.class.getClassLoader();
    try {
      for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class, loader)) {
        if (m.canCreate(master)) {
          return;
        }
      }
    } catch (ServiceConfigurationError e) {
      // a provider that cannot be loaded: Spark could not load it either
    }
    String support =
        master.equals("yarn")
            ? "YARN support (spark-yarn)"
            : "Kubernetes support (spark-kubernetes)";
    throw new IllegalArgumentException(
        "--master: '"
            + master
            + "' needs Spark's "
            + support
            + ", which is not on the class path; submit the job with spark-submit instead");
  }

  /**
   * The configuration {@link #create} starts Spark with: the system's {@code spark.*} properties,
   * then these defaults where unset, then {@code settings}. Executors get {@link
   * JvmOptions#executor()} as {@code spark.executor.defaultJavaOptions} unless that is set (Spark
   * puts {@code spark.executor.extraJavaOptions} after it). {@link KernelWarmUpPlugin} is added to
   * {@code spark.plugins} (after any plugins already named there).
   */
  static SparkConf conf(String appName, String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true).setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    }
    String effectiveMaster = conf.get("spark.master", "local[*]");
    if (!conf.contains("spark.master")) {
      conf.setMaster(effectiveMaster);
    }
    if (effectiveMaster.startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    conf.setIfMissing("spark.executor.defaultJavaOptions", JvmOptions.executor());
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    // The sweep's results table has more columns than Spark's default 25 for plan strings, which
    // otherwise logs a "Truncated the string representation of a plan" warning on every run.
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
    settings.forEach(conf::set);
    addPlugin(conf, KernelWarmUpPlugin.class.getName());
    return conf;
  }

  /** Appends {@code plugin} to {@code spark.plugins} unless it is already there. */
  private static void addPlugin(SparkConf conf, String plugin) {
    String plugins = conf.get("spark.plugins", "").trim();
    for (String p : plugins.split(",")) {
      if (p.trim().equals(plugin)) {
        return;
      }
    }
    conf.set("spark.plugins", plugins.isEmpty() ? plugin : plugins + "," + plugin);
  }
}
