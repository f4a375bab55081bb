package org.sparksnn.pipeline.train;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task slots a barrier stage can have at once: the registered executors' cores divided by
 * {@code spark.task.cpus} (Spark's own count, {@code SparkContext.maxNumConcurrentTasks}), not
 * {@code defaultParallelism}, which in standalone mode is {@code max(cores, 2)} or {@code
 * spark.default.parallelism}.
 *
 * <p>With a {@code local} master the slots are there from the start. On a cluster, executors
 * register some seconds after the application starts, so {@link #await} waits until {@code needed}
 * slots are registered, at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime} (default
 * 30 s), and stops earlier when some slots are registered and their number has not changed for
 * {@code spark.sparksnn.barrier.registrationSettleTime} (default 5 s). A barrier job submitted
 * before the executors register otherwise idles {@code
 * spark.scheduler.barrier.maxConcurrentTasksCheck.interval} (15 s), and one that needs more slots
 * than the cluster has is retried for about 10 minutes.
 */
final class TaskSlots {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSlots.class);
  static final String SETTLE_KEY = "spark.sparksnn.barrier.registrationSettleTime";
  private static final long POLL_MILLIS = 100;

  private TaskSlots() {}

  /**
   * The slots of {@code sc}, after waiting (not with a local master) for {@code needed} of them.
   *
   * @throws TooFewTaskSlotsException if fewer than {@code needed} slots are registered
   */
  static int await(SparkContext sc, int needed) {
    IntSupplier slots =
        () -> sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    if (isLocal(sc.master())) {
      return check(slots.getAsInt(), needed, 0);
    }
    long wait = sc.conf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s");
    long settle = sc.conf().getTimeAsMs(SETTLE_KEY, "5s");
    return await(slots, needed, wait, settle, System::nanoTime, TaskSlots::sleep);
  }

  /**
   * Polls {@code slots} until it reaches {@code needed}, {@code waitMillis} have passed, or a
   * non-zero count has not changed for {@code settleMillis}.
   *
   * @throws TooFewTaskSlotsException if fewer than {@code needed} slots are registered then
   */
  static int await(
      IntSupplier slots,
      int needed,
      long waitMillis,
      long settleMillis,
      LongSupplier nanoClock,
      Sleeper sleeper) {
    long start = nanoClock.getAsLong();
    int last = slots.getAsInt();
    long lastChange = start;
    while (last < needed) {
      long now = nanoClock.getAsLong();
      boolean timedOut = now - start >= waitMillis * 1_000_000L;
      boolean settled = last > 0 && now - lastChange >= settleMillis * 1_000_000L;
      if (timedOut || settled) {
        return check(last, needed, (now - start) / 1_000_000L);
      }
      sleeper.sleep(POLL_MILLIS);
      int n = slots.getAsInt();
      if (n != last) {
        last = n;
        lastChange = nanoClock.getAsLong();
      }
    }
    long waited = (nanoClock.getAsLong() - start) / 1_000_000L;
    if (waited > 0) {
      LOG.info("{} task slots registered after {} ms", last, waited);
    }
    return last;
  }

  private static int check(int slots, int needed, long waitedMillis) {
    if (slots < needed) {
      throw new TooFewTaskSlotsException(needed, slots, waitedMillis);
    }
    return slots;
  }

  /** {@code local}, {@code local[N]} and {@code local[N,F]}: slots exist before any job. */
  static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for executors to register", e);
    }
  }

  /** Waits; a test's fake clock advances instead. */
  interface Sleeper {
    void sleep(long millis);
  }
}
