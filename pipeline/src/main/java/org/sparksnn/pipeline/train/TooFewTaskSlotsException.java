package org.sparksnn.pipeline.train;

/**
 * A barrier training run needs more replicas at once than the cluster has task slots. The message
 * names {@code SyncTrainConfig.replicas}; a caller whose users set the replicas under another name
 * rethrows {@link #named(String)}.
 */
public final class TooFewTaskSlotsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int needed;
  private final int slots;
  private final long waitedMillis;
  private final String setting;

  /**
   * @param needed replicas the barrier stage runs at once, {@code >= 1}
   * @param slots task slots registered, {@code >= 0}
   * @param waitedMillis how long executors were waited for, ms ({@code 0}: not waited)
   */
  public TooFewTaskSlotsException(int needed, int slots, long waitedMillis) {
    this(needed, slots, waitedMillis, "SyncTrainConfig.replicas");
  }

  private TooFewTaskSlotsException(int needed, int slots, long waitedMillis, String setting) {
    super(message(needed, slots, waitedMillis, setting));
    this.needed = needed;
    this.slots = slots;
    this.waitedMillis = waitedMillis;
    this.setting = setting;
  }

  /** This failure, with the replicas called {@code setting} (e.g. {@code train.partitions}). */
  public TooFewTaskSlotsException named(String setting) {
    TooFewTaskSlotsException e = new TooFewTaskSlotsException(needed, slots, waitedMillis, setting);
    e.initCause(this);
    return e;
  }

  /** The replicas asked for. */
  public int needed() {
    return needed;
  }

  /** The task slots registered. */
  public int slots() {
    return slots;
  }

  /** The name of the setting the message gives. */
  public String setting() {
    return setting;
  }

  private static String message(int needed, int slots, long waitedMillis, String setting) {
    String waited =
        waitedMillis > 0
            ? String.format(
                java.util.Locale.ROOT,
                "%d after waiting %.1f s for executors to register",
                slots,
                waitedMillis / 1000.0)
            : Integer.toString(slots);
    return setting
        + " must be <= the cluster's task slots, "
        + waited
        + " (executor cores / spark.task.cpus; a barrier stage runs all its tasks at once), got "
        + needed;
  }
}
