package org.sparksnn.pipeline.train;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a distributed training run's live progress: while {@link BarrierTrainer} or
 * {@link ReferenceTrainer} runs, each epoch's progress line is shown as soon as replica 0 has
 * finished the epoch (not only when the run ends), and the epochs shown are remembered so that the
 * caller prints the others afterwards. Use with try-with-resources around the trainer's {@code
 * fit}, passing it the config from {@link #attach}.
 */
public final class EpochProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpochProgress.class);

  /** The listener, or null when none could be opened (then the lines come after the run). */
  private final ProgressServer server;
  private final Set<Integer> shown = ConcurrentHashMap.newKeySet();

  private EpochProgress(String host, Consumer<String> show) {
    ProgressServer s = null;
    try {
      s =
          ProgressServer.start(
              host,
              message -> {
                int tab = message.indexOf('\t');
                if (tab > 0) {
                  shown.add(Integer.parseInt(message.substring(0, tab)));
                  show.accept(message.substring(tab + 1));
                }
              });
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("{}; the epoch lines will follow the run", e.getMessage());
    }
    this.server = s;
  }

  /**
   * Listens on the driver's address ({@code spark.driver.host}, which the executors reach) and
   * passes each epoch's progress line to {@code show} (on a reader thread). If no listener can be
   * opened there, it warns and shows nothing: training does not depend on it.
   */
  public static EpochProgress start(SparkSession spark, Consumer<String> show) {
    return start(spark.sparkContext().getConf().get("spark.driver.host", "127.0.0.1"), show);
  }

  /** Listens on {@code host} (an address of this machine that the reporting replica reaches). */
  public static EpochProgress start(String host, Consumer<String> show) {
    return new EpochProgress(host, show);
  }

  /** {@code cfg} with replica 0 reporting here. */
  public SyncTrainConfig attach(SyncTrainConfig cfg) {
    return server == null ? cfg : cfg.withProgress(server.address());
  }

  /** Whether epoch {@code epoch} (0-based) was shown while training ran. */
  public boolean shown(int epoch) {
    return shown.contains(epoch);
  }

  /** Waits for the lines still in flight, then stops listening. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
