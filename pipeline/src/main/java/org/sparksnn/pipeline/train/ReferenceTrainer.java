package org.sparksnn.pipeline.train;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.pipeline.numerics.PeerNumerics;
import org.sparksnn.ops.net.ParameterSet;
import scala.Tuple2;

/**
 * The simple reference mode of synchronous training: <b>one Spark job per step</b>. The driver
 * holds the weights and the optimizer state; each step it broadcasts the weights, {@code
 * cfg.replicas()} tasks compute the payloads of their micro-batches ({@code m mod replicas ==
 * task}) over the training set broadcast once, {@code treeAggregate} brings the payloads to the
 * driver, which reduces them exactly as {@link BarrierTrainer}'s replicas do and applies the step.
 * Same weights bit for bit as the barrier mode; slower by the per-job overhead (tens of ms per
 * step).
 */
public final class ReferenceTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceTrainer.class);

  private ReferenceTrainer() {}

  /**
   * Trains {@code model} on {@code data} from the latest checkpoint (if any) to the end of the plan.
   *
   * @throws SimulationException if training diverges (the last good checkpoint is kept)
   * @throws org.sparksnn.ops.ConfigException if the checkpoint is of another configuration
   */
  public static TrainingResult fit(
      SparkSession spark, ReplicaModel model, TrainSamples data, SyncTrainConfig cfg) {
    return fit(spark, model, data, null, cfg);
  }

  /**
   * {@link #fit(SparkSession, ReplicaModel, TrainSamples, SyncTrainConfig)} that also scores
   * {@code validation} on the driver after every epoch when the model {@link
   * ReplicaModel#validates()}.
   *
   * @param validation the validation samples, or null for none
   */
  public static TrainingResult fit(
      SparkSession spark,
      ReplicaModel model,
      TrainSamples data,
      TrainSamples validation,
      SyncTrainConfig cfg) {
    Checks.notNull("ReferenceTrainer.model", model);
    Checks.notNull("ReferenceTrainer.data", data);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = cfg.replicas();
    String idle = StepPlan.idleReplicasWarning(model.trainingConfig(), n);
    if (idle != null) {
      LOG.warn("reference training: {}", idle);
    }
    Broadcast<TrainSamples> samples = jsc.broadcast(data);
    try {
      JavaRDD<Integer> ranks =
          jsc.parallelize(IntStream.range(0, n).boxed().toList(), n).cache();
      checkNumerics(ranks);
      TrainingResult result;
      StepTimings timings = new StepTimings();
      timings.describeExchange("a Spark job per step");
      try {
        result =
            ReplicaLoop.runAlone(
                model,
                data,
                validation,
                cfg,
                jsc.hadoopConfiguration(),
                timings,
                driverReplica ->
                    (step, micro, params) ->
                        stepJob(jsc, ranks, model, samples, cfg, micro, step, params));
      } finally {
        ranks.unpersist(false);
      }
      LOG.info(
          "reference training: {} partitions, steps {}..{}, {} ms/step (Spark job {} ms/step,"
              + " update {} ms/step)",
          n,
          result.resumedFromStep(),
          result.steps(),
          String.format("%.2f", result.millisPerStep()),
          String.format("%.2f", result.timings().exchangeMillisPerStep()),
          String.format("%.2f", result.timings().updateMillisPerStep()));
      return result;
    } finally {
      samples.destroy();
    }
  }

  /**
   * Refuses to train when the tasks' kernels round differently (their gradients would then depend
   * on which executor ran which partition); warns when only the driver, which applies the updates,
   * differs from them (deterministic, but not the bits of the other modes). Probes the executors
   * that run this job, in one small job; later steps may run elsewhere if executors change.
   */
  private static void checkNumerics(JavaRDD<Integer> ranks) {
    List<String> reports = ranks.map(r -> PeerNumerics.encodeThisExecutor()).collect();
    List<PeerNumerics.Peer> peers = PeerNumerics.decode(reports.toArray(String[]::new));
    String mismatch = PeerNumerics.mismatch(peers, "task", "training", null, null);
    if (mismatch != null) {
      throw new SimulationException(mismatch);
    }
    NumericsFingerprint driver = NumericsFingerprint.ofThisJvm();
    if (PeerNumerics.mismatch(peers, "task", "training", "the driver", driver) != null) {
      LOG.warn(
          "reference training: the driver's numerics {} differ from the executors' {}: the run is"
              + " deterministic, but its weights will not equal the other modes' bit for bit",
          driver,
          peers.get(0).numerics());
    }
  }

  /** One Spark job: every partition's payload of the step, indexed by partition. */
  private static byte[][] stepJob(
      JavaSparkContext jsc,
      JavaRDD<Integer> ranks,
      ReplicaModel model,
      Broadcast<TrainSamples> samples,
      SyncTrainConfig cfg,
      List<long[]> micro,
      long step,
      ParameterSet params) {
    int n = cfg.replicas();
    GradientReduction reduction = cfg.reduction();
    Broadcast<ParameterSet> weights = jsc.broadcast(params);
    try {
      return ranks
          .map(
              r ->
                  new Tuple2<>(
                      r,
                      ReplicaLoop.ownPayload(
                                                    model.open(samples.value()),
                          reduction,
                          r,
                          n,
                          micro,
                          step,
                          weights.value(),
                          new StepTimings(),
                          null)))
          .treeAggregate(
              new byte[n][],
              (acc, t) -> {
                acc[t._1()] = t._2();
                return acc;
              },
              (a, b) -> {
                for (int i = 0; i < a.length; i++) {
                  if (b[i] != null) {
                    a[i] = b[i];
                  }
                }
                return a;
              },
              2);
    } finally {
      weights.destroy();
    }
  }
}
