package org.sparksnn.pipeline.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.numerics.PeerNumerics;
import org.sparksnn.pipeline.train.allreduce.InProcessMesh;
import org.sparksnn.pipeline.train.allreduce.Mesh;
import org.sparksnn.pipeline.train.allreduce.MeshConfig;
import org.sparksnn.pipeline.train.allreduce.MeshTransport;
import org.sparksnn.pipeline.train.allreduce.TcpAllReduce;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training in <b>one Spark barrier stage</b>: {@code cfg.replicas()}
 * tasks start together, each gets the whole training set once (a broadcast: the batch plan
 * reshuffles all ids every epoch, so no fixed shard would serve), listens on the address Spark gave
 * its executor (the block manager host), exchanges {@code host:port} once with {@link
 * BarrierTaskContext#allGather}, builds an authenticated TCP mesh ({@link TcpAllReduce}, secret
 * generated here per run) — or, when every task runs in one executor JVM, meets the others in
 * memory ({@link InProcessMesh}, see {@link MeshTransport}) — and then, every step, computes the
 * gradients of its micro-batches ({@code m mod replicas == rank}), all-gathers the payloads, reduces them identically and applies the same
 * optimizer step. No Spark job runs per step. Replica 0 writes checkpoints and returns the weights.
 *
 * <p>If a task dies Spark retries the whole stage (allow it: {@code spark.task.maxFailures >= 2},
 * in local mode master {@code local[n,2]}); the retry resumes from the latest checkpoint and ends
 * with the weights of an uninterrupted run. Pin {@code OMP_NUM_THREADS} (and {@code
 * spark.executorEnv.OMP_NUM_THREADS}) so every replica computes identically. Before the first
 * step the replicas compare their {@link NumericsFingerprint}s and refuse to train if their
 * kernels round differently (another OpenBLAS kernel family, say); during training they compare a
 * hash of their weights every {@code cfg.weightCheckEvery()} steps.
 */
public final class BarrierTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BarrierTrainer.class);

  private BarrierTrainer() {}

  /**
   * Trains {@code model} on {@code data} from the latest checkpoint (if any) to the end of the plan.
   *
   * @throws TooFewTaskSlotsException if the cluster has fewer task slots than {@code
   *     cfg.replicas()} (a barrier stage needs them all at once); on a cluster only after waiting
   *     for executors to register (see {@code TaskSlots})
   * @throws SimulationException if training diverges or replicas disagree
   * @throws org.sparksnn.ops.ConfigException if the checkpoint is of another configuration
   */
  public static TrainingResult fit(
      SparkSession spark, ReplicaModel model, TrainSamples data, SyncTrainConfig cfg) {
    return fit(spark, model, data, null, cfg, rank -> NumericsFingerprint.ofThisJvm());
  }

  /**
   * {@link #fit(SparkSession, ReplicaModel, TrainSamples, SyncTrainConfig)} that also scores
   * {@code validation} after every epoch, spread over the replicas, when the model {@link
   * ReplicaModel#validates()} ({@link TrainingResult#epochValidation()}).
   *
   * @param validation the validation samples, or null for none
   */
  public static TrainingResult fit(
      SparkSession spark,
      ReplicaModel model,
      TrainSamples data,
      TrainSamples validation,
      SyncTrainConfig cfg) {
    return fit(spark, model, data, validation, cfg, rank -> NumericsFingerprint.ofThisJvm());
  }

  /** What a replica of the given rank reports as its numerics (this JVM's, except in tests). */
  interface NumericsProbe extends Serializable {
    NumericsFingerprint probe(int rank);
  }

  /**
   * {@link #fit(SparkSession, ReplicaModel, TrainSamples, TrainSamples, SyncTrainConfig)} with a
   * given probe.
   */
  static TrainingResult fit(
      SparkSession spark,
      ReplicaModel model,
      TrainSamples data,
      TrainSamples validation,
      SyncTrainConfig cfg,
      NumericsProbe numerics) {
    Checks.notNull("BarrierTrainer.model", model);
    Checks.notNull("BarrierTrainer.data", data);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // on a cluster, waits for the executors to register (see TaskSlots)
    TaskSlots.await(spark.sparkContext(), cfg.replicas());
    String idle = StepPlan.idleReplicasWarning(model.trainingConfig(), cfg.replicas());
    if (idle != null) {
      LOG.warn("barrier training: {}", idle);
    }
    if (cfg.checkpointDir() != null) {
      // executors resolve a relative path against their own working directory: resolve it here
      cfg = cfg.withCheckpoints(
          HadoopPaths.qualified(new Path(cfg.checkpointDir()), jsc.hadoopConfiguration()),
          cfg.checkpointEvery());
    }
    String hash = ReplicaLoop.configHash(model, data, cfg.reduction());
    // fail fast on the driver when the checkpoint belongs to another configuration
    ReplicaLoop.startingPoint(model, cfg, hash, jsc.hadoopConfiguration());
    MeshConfig mesh =
        MeshConfig.generate(cfg.connectTimeoutMillis(), cfg.ioTimeoutMillis())
            .withSchedule(cfg.allReduce());
    Broadcast<TrainSamples> samples = jsc.broadcast(data);
    TrainSamples scored = model.validates() ? validation : null;
    Broadcast<TrainSamples> validationSamples = scored == null ? null : jsc.broadcast(scored);
    try {
      JavaRDD<Integer> ranks =
          jsc.parallelize(IntStream.range(0, cfg.replicas()).boxed().toList(), cfg.replicas());
      ClassTag<ReplicaLoop.Outcome> tag = ClassTag$.MODULE$.apply(ReplicaLoop.Outcome.class);
      RDD<ReplicaLoop.Outcome> out =
          ranks
              .rdd()
              .barrier()
              .mapPartitions(
                  new ReplicaTask(
                      model,
                      samples,
                      validationSamples,
                      cfg,
                      hash,
                      mesh,
                      new SerializableConfiguration(jsc.hadoopConfiguration()),
                      numerics),
                  false,
                  tag);
      // the shuffle makes the barrier stage a ShuffleMapStage: Spark retries those after a task
      // failure, while a failed barrier ResultStage aborts the job
      List<ReplicaLoop.Outcome> outcomes = JavaRDD.fromRDD(out, tag).repartition(1).collect();
      Checks.check(outcomes.size() == 1, "BarrierTrainer.outcomes", "must be 1", outcomes.size());
      ReplicaLoop.Outcome o = outcomes.get(0);
      if (o.failure() != null) {
        throw new SimulationException(o.failure());
      }
      LOG.info(
          "barrier training: {} replicas, steps {}..{}, {} ms/step (replica 0: {})",
          cfg.replicas(),
          o.result().resumedFromStep(),
          o.result().steps(),
          String.format("%.2f", o.result().millisPerStep()),
          o.result().timings());
      return o.result();
    } finally {
      samples.destroy();
      if (validationSamples != null) {
        validationSamples.destroy();
      }
    }
  }

  /** The body of one barrier task. */
  private static final class ReplicaTask
      extends AbstractFunction1<Iterator<Integer>, Iterator<ReplicaLoop.Outcome>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long ATTEMPT_MIX = 0x9E3779B97F4A7C15L;

    private final ReplicaModel model;
    private final Broadcast<TrainSamples> samples;
    /** The validation samples, or null for none. */
    private final Broadcast<TrainSamples> validation;
    private final SyncTrainConfig cfg;
    private final String hash;
    private final MeshConfig mesh;
    private final SerializableConfiguration hadoop;
    private final NumericsProbe numerics;

    ReplicaTask(
        ReplicaModel model,
        Broadcast<TrainSamples> samples,
        Broadcast<TrainSamples> validation,
        SyncTrainConfig cfg,
        String hash,
        MeshConfig mesh,
        SerializableConfiguration hadoop,
        NumericsProbe numerics) {
      this.model = model;
      this.samples = samples;
      this.validation = validation;
      this.cfg = cfg;
      this.hash = hash;
      this.mesh = mesh;
      this.hadoop = hadoop;
      this.numerics = numerics;
    }

    @Override
    public Iterator<ReplicaLoop.Outcome> apply(Iterator<Integer> ignored) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      int rank = ctx.partitionId();
      int size = ctx.getTaskInfos().length;
      // frames and handshakes of another stage attempt carry another run id and are rejected
      MeshConfig attempt = mesh.withRunId(mesh.runId() ^ ((ctx.stageAttemptNumber() + 1L) * ATTEMPT_MIX));
      InetAddress host;
      try {
        host = InetAddress.getByName(SparkEnv.get().blockManager().blockManagerId().host());
      } catch (IOException e) {
        throw new UncheckedIOException("replica " + rank + ": executor host: " + e, e);
      }
      if (System.getenv("OMP_NUM_THREADS") == null) {
        LOG.warn(
            "replica {}: OMP_NUM_THREADS is not set; replicas on differently sized executors may"
                + " compute different bits (set spark.executorEnv.OMP_NUM_THREADS)",
            rank);
      }
      // every replica reports where it runs and what its kernels compute; all see the same list
      String executor = SparkEnv.get().executorId();
      List<PeerNumerics.Peer> peers =
          PeerNumerics.decode(
              ctx.allGather(
                  PeerNumerics.encode(
                      executor, host.getHostAddress(), numerics.probe(rank))));
      String mismatch = PeerNumerics.mismatch(peers, "replica", "training", null, null);
      if (mismatch != null) {
        if (rank == 0) {
          LOG.error(mismatch);
        }
        List<ReplicaLoop.Outcome> refused =
            rank == 0
                ? List.of(new ReplicaLoop.Outcome(null, mismatch))
                : Collections.<ReplicaLoop.Outcome>emptyList();
        return CollectionConverters.asScala(refused.iterator());
      }
      if (rank == 0) {
        LOG.info("replicas: {} on all {}", peers.get(0).numerics(), size);
      }
      TrainSamples data = samples.value();
      try (Mesh net = connect(ctx, attempt, rank, size, host, executor, peers)) {
        TrainSamples scored = validation == null ? null : validation.value();
        ReplicaModel.Replica replica = model.open(data, scored);
        StepTimings timings = new StepTimings();
        timings.describeExchange(net.description());
        ReplicaLoop.PayloadBuffers buffers = new ReplicaLoop.PayloadBuffers();
        GradientReduction.Scratch exchangeScratch = new GradientReduction.Scratch();
        ReplicaLoop.Outcome o =
            ReplicaLoop.run(
                rank,
                size,
                net::allGather,
                (step, micro, params) ->
                    cfg.reduction()
                        .exchange(
                            net,
                            ReplicaLoop.ownPayload(
                                replica, cfg.reduction(), rank, size, micro, step, params,
                                timings, buffers),
                            ReplicaLoop.payloadLengths(
                                cfg.reduction(), micro.size(), size, params.totalSize()),
                            exchangeScratch),
                model,
                replica,
                data.ids(),
                scored == null ? 0 : scored.ids().length,
                cfg,
                hash,
                hadoop.value(),
                ctx::isInterrupted,
                timings);
        List<ReplicaLoop.Outcome> result =
            rank == 0 ? List.of(o) : Collections.<ReplicaLoop.Outcome>emptyList();
        return CollectionConverters.asScala(result.iterator());
      }
    }

    /**
     * The mesh of this stage attempt: in memory if every task runs in this executor's JVM (and
     * {@code cfg.transport()} allows it; {@code peers} tells), else TCP on {@code host} with
     * addresses exchanged by {@link BarrierTaskContext#allGather}.
     */
    private Mesh connect(
        BarrierTaskContext ctx,
        MeshConfig attempt,
        int rank,
        int size,
        InetAddress host,
        String executor,
        List<PeerNumerics.Peer> peers) {
      if (PeerNumerics.oneExecutor(peers) && cfg.transport() == MeshTransport.AUTO) {
        LOG.debug("replica {}/{}: in-process mesh in executor {}", rank, size, executor);
        return InProcessMesh.join(attempt, rank, size);
      }
      TcpAllReduce net = TcpAllReduce.bind(attempt, rank, size, host);
      try {
        String[] addresses = ctx.allGather(net.address());
        net.connect(List.of(addresses));
        if (rank == 0) {
          LOG.info(
              "replicas: TCP mesh of {}, {} all-reduce ({} schedule)",
              size,
              net.usesRing() ? "ring" : "gathered",
              attempt.schedule().name().toLowerCase(java.util.Locale.ROOT));
        }
        return net;
      } catch (RuntimeException e) {
        net.close();
        throw e;
      }
    }
  }
}
