package org.sparksnn.pipeline.executor;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.net.KernelWarmUp;
import org.sparksnn.pipeline.sweep.EvaluationWarmUp;

/**
 * A Spark plugin ({@code spark.plugins}) that starts {@link KernelWarmUp}, then {@link
 * EvaluationWarmUp}, on a daemon thread of each executor as the executor starts (with a {@code
 * local} master: in the driver's JVM, while the driver loads the data and models), so that the
 * first tasks find the vector loops linked and compiled, and the sweep's evaluation path compiled,
 * instead of each waiting on their first use. It changes speed only, never a result; a failure of
 * a warm-up is logged, never raised. {@code spark.sparksnn.kernelWarmUp.calls} sets the calls of
 * each loop (default {@link KernelWarmUp#DEFAULT_CALLS}), {@code
 * spark.sparksnn.evaluationWarmUp.batches} the evaluation's batches (default {@link
 * EvaluationWarmUp#DEFAULT_BATCHES}); 0 switches either off, and a value that is not an integer
 * {@code >= 0} stops the executor's start with an error naming it.
 */
public final class KernelWarmUpPlugin implements SparkPlugin {
  /** The Spark setting with the calls of each vector loop, {@code >= 0}. */
  public static final String CALLS_KEY = "spark.sparksnn.kernelWarmUp.calls";

  /** The Spark setting with the batches of {@link EvaluationWarmUp}, {@code >= 0}. */
  public static final String EVALUATION_BATCHES_KEY = "spark.sparksnn.evaluationWarmUp.batches";

  private static final Logger LOG = LoggerFactory.getLogger(KernelWarmUpPlugin.class);

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new WarmUp();
  }

  /** {@code value} of {@link #CALLS_KEY} as a number of calls, or an error naming it. */
  static int parseCalls(String value) {
    return parseCount(CALLS_KEY, value);
  }

  /** {@code value} of setting {@code key} as an integer {@code >= 0}, or an error naming both. */
  static int parseCount(String key, String value) {
    try {
      int count = Integer.parseInt(value.trim());
      if (count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be an integer >= 0, got '" + value + "'");
  }

  /** The executor side: reads the calls from the executor's configuration and starts the thread. */
  static final class WarmUp implements ExecutorPlugin {
    private volatile Thread thread;
    private volatile boolean warmed;
    private volatile long evaluated;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      int calls =
          parseCalls(ctx.conf().get(CALLS_KEY, Integer.toString(KernelWarmUp.DEFAULT_CALLS)));
      int batches =
          parseCount(
              EVALUATION_BATCHES_KEY,
              ctx.conf()
                  .get(EVALUATION_BATCHES_KEY, Integer.toString(EvaluationWarmUp.DEFAULT_BATCHES)));
      if (calls == 0 && batches == 0) {
        return;
      }
      Thread t =
          new Thread(
              () -> {
                warmUp(calls);
                warmUpEvaluation(batches);
              },
              "spark-snn-kernel-warm-up");
      t.setDaemon(true);
      thread = t;
      t.start();
    }

    /** The warm-up thread, or null if none was started (both off, or before {@link #init}). */
    Thread thread() {
      return thread;
    }

    /** True once the thread has run the vector loops (false where they are off in this JVM). */
    boolean warmed() {
      return warmed;
    }

    /** The image-steps the evaluation warm-up has run (0 before it ends, or when it is off). */
    long evaluated() {
      return evaluated;
    }

    private void warmUpEvaluation(int batches) {
      if (batches == 0) {
        return;
      }
      long t0 = System.nanoTime();
      try {
        evaluated = EvaluationWarmUp.run(batches);
        LOG.info(
            "evaluation warm-up: {} batches, {} image-steps in {} s",
            batches,
            evaluated,
            String.format("%.3f", (System.nanoTime() - t0) / 1e9));
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("evaluation warm-up failed (speed only, results are unaffected): {}", e.toString());
      }
    }

    private void warmUp(int calls) {
      if (calls == 0) {
        return;
      }
      long t0 = System.nanoTime();
      try {
        if (KernelWarmUp.run(calls)) {
          warmed = true;
          LOG.info(
              "kernel warm-up: {} calls of each vector loop in {} s",
              calls,
              String.format("%.3f", (System.nanoTime() - t0) / 1e9));
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("kernel warm-up failed (speed only, results are unaffected): {}", e.toString());
      }
    }
  }
}
