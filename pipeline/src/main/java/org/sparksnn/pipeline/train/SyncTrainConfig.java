package org.sparksnn.pipeline.train;

import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.train.allreduce.AllReduceSchedule;
import org.sparksnn.pipeline.train.allreduce.MeshTransport;

/**
 * How a synchronous data-parallel run is distributed and protected.
 *
 * @param replicas number of replicas (Spark tasks / partitions), {@code > 0}; the result does not
 *     depend on it
 * @param reduction how micro-batch gradients are summed (default {@link
 *     GradientReduction#FIXED_POINT})
 * @param checkpointDir Hadoop directory of checkpoints, or null for none
 * @param checkpointEvery write a checkpoint every this many steps (and after the last), {@code >=
 *     0}; 0 = only after the last step (default 100)
 * @param weightCheckEvery replicas compare a hash of their weights every this many steps (and at
 *     start and end), {@code >= 0}; 0 = only at start and end (default 50)
 * @param connectTimeoutMillis time for the replicas to build the TCP mesh, {@code > 0} (default 60
 *     000)
 * @param ioTimeoutMillis longest wait for one all-reduce frame, {@code > 0}; must exceed one
 *     step's gradient time (default 120 000)
 * @param faultInjection test hook, or null (default)
 * @param transport how barrier-mode replicas exchange gradients (default {@link
 *     MeshTransport#AUTO}: in memory when all replicas share one JVM, else TCP)
 * @param progressAddress {@code host:port} of a {@link ProgressServer} that replica 0 sends a line
 *     to after every epoch, or null for none (default)
 * @param allReduce how TCP replicas move {@link GradientReduction#FIXED_POINT} gradients (default
 *     {@link AllReduceSchedule#AUTO}); the weights do not depend on it
 */
public record SyncTrainConfig(
    int replicas,
    GradientReduction reduction,
    String checkpointDir,
    int checkpointEvery,
    int weightCheckEvery,
    int connectTimeoutMillis,
    int ioTimeoutMillis,
    FaultInjection faultInjection,
    MeshTransport transport,
    String progressAddress,
    AllReduceSchedule allReduce)
    implements java.io.Serializable {

  public SyncTrainConfig {
    Checks.positive("SyncTrainConfig.replicas", replicas);
    Checks.notNull("SyncTrainConfig.reduction", reduction);
    Checks.nonNegative("SyncTrainConfig.checkpointEvery", checkpointEvery);
    Checks.nonNegative("SyncTrainConfig.weightCheckEvery", weightCheckEvery);
    Checks.positive("SyncTrainConfig.connectTimeoutMillis", connectTimeoutMillis);
    Checks.positive("SyncTrainConfig.ioTimeoutMillis", ioTimeoutMillis);
    Checks.notNull("SyncTrainConfig.transport", transport);
    Checks.notNull("SyncTrainConfig.allReduce", allReduce);
    if (faultInjection != null) {
      Checks.check(
          faultInjection.rank() < replicas,
          "SyncTrainConfig.faultInjection.rank",
          "must be < replicas " + replicas,
          faultInjection.rank());
    }
  }

  /** {@code replicas} with {@code reduction}, no checkpoints, the default checks and timeouts. */
  public static SyncTrainConfig of(int replicas, GradientReduction reduction) {
    return new SyncTrainConfig(
        replicas, reduction, null, 100, 50, 60_000, 120_000, null, MeshTransport.AUTO, null,
        AllReduceSchedule.AUTO);
  }

  /** A copy with checkpoints in {@code dir} every {@code every} steps. */
  public SyncTrainConfig withCheckpoints(String dir, int every) {
    return new SyncTrainConfig(
        replicas, reduction, dir, every, weightCheckEvery, connectTimeoutMillis, ioTimeoutMillis,
        faultInjection, transport, progressAddress, allReduce);
  }

  /** A copy with {@code fault} injected. */
  public SyncTrainConfig withFaultInjection(FaultInjection fault) {
    return new SyncTrainConfig(
        replicas, reduction, checkpointDir, checkpointEvery, weightCheckEvery,
        connectTimeoutMillis, ioTimeoutMillis, fault, transport, progressAddress, allReduce);
  }

  /** A copy with {@code n} replicas. */
  public SyncTrainConfig withReplicas(int n) {
    return new SyncTrainConfig(
        n, reduction, checkpointDir, checkpointEvery, weightCheckEvery, connectTimeoutMillis,
        ioTimeoutMillis, faultInjection, transport, progressAddress, allReduce);
  }

  /** A copy exchanging gradients over {@code t}. */
  public SyncTrainConfig withTransport(MeshTransport t) {
    return new SyncTrainConfig(
        replicas, reduction, checkpointDir, checkpointEvery, weightCheckEvery, connectTimeoutMillis,
        ioTimeoutMillis, faultInjection, t, progressAddress, allReduce);
  }

  /** A copy moving fixed-point gradients between TCP replicas by {@code schedule}. */
  public SyncTrainConfig withAllReduce(AllReduceSchedule schedule) {
    return new SyncTrainConfig(
        replicas, reduction, checkpointDir, checkpointEvery, weightCheckEvery, connectTimeoutMillis,
        ioTimeoutMillis, faultInjection, transport, progressAddress, schedule);
  }

  /** A copy whose replica 0 reports every finished epoch to {@code address} ({@code host:port}). */
  public SyncTrainConfig withProgress(String address) {
    return new SyncTrainConfig(
        replicas, reduction, checkpointDir, checkpointEvery, weightCheckEvery, connectTimeoutMillis,
        ioTimeoutMillis, faultInjection, transport, address, allReduce);
  }
}
