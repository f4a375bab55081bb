package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.pipeline.train.allreduce.InProcessMesh;
import org.sparksnn.pipeline.train.allreduce.Mesh;
import org.sparksnn.pipeline.train.allreduce.MeshConfig;
import org.sparksnn.pipeline.train.allreduce.AllReduceSchedule;
import org.sparksnn.pipeline.train.allreduce.MeshTransport;
import org.sparksnn.pipeline.train.allreduce.TcpAllReduce;

/** Replicas in threads over a real TCP mesh, without Spark. */
class ReplicaLoopTest {

  /** Runs {@code n} replicas in threads over loopback TCP and returns replica 0's outcome. */
  static ReplicaLoop.Outcome runReplicas(
      int n, ReplicaModel model, TrainSamples data, SyncTrainConfig cfg) throws Exception {
    return runReplicas(n, model, data, cfg, false);
  }

  /**
   * Runs {@code n} replicas in threads, over an {@link InProcessMesh} if {@code inProcess}, else
   * over loopback TCP, and returns replica 0's outcome.
   */
  static ReplicaLoop.Outcome runReplicas(
      int n, ReplicaModel model, TrainSamples data, SyncTrainConfig cfg, boolean inProcess)
      throws Exception {
    List<ReplicaLoop.Outcome> outs =
        runEveryReplica(n, model, data, cfg, inProcess, rank -> model.open(data));
    for (ReplicaLoop.Outcome o : outs) {
      assertEquals(
          outs.get(0).result().params().contentHash(), o.result().params().contentHash());
    }
    return outs.get(0);
  }

  /**
   * Runs {@code n} replicas as {@link #runReplicas(int, ReplicaModel, TrainSamples,
   * SyncTrainConfig, boolean)} does, replica r computing with {@code open.apply(r)}, and returns
   * every replica's outcome in rank order (without comparing them).
   */
  static List<ReplicaLoop.Outcome> runEveryReplica(
      int n,
      ReplicaModel model,
      TrainSamples data,
      SyncTrainConfig cfg,
      boolean inProcess,
      IntFunction<ReplicaModel.Replica> open)
      throws Exception {
    MeshConfig mesh = MeshConfig.generate(5_000, 10_000);
    String hash = ReplicaLoop.configHash(model, data, cfg.reduction());
    List<Mesh> nets = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      nets.add(
          inProcess
              ? InProcessMesh.join(mesh, r, n)
              : TcpAllReduce.bind(mesh, r, n, InetAddress.getLoopbackAddress()));
    }
    List<String> addresses =
        inProcess
            ? List.of()
            : nets.stream().map(m -> ((TcpAllReduce) m).address()).toList();
    return onEveryReplica(
            nets,
            (rank, net) -> {
              if (net instanceof TcpAllReduce tcp) {
                tcp.connect(addresses);
              }
              ReplicaModel.Replica replica = open.apply(rank);
              StepTimings timings = new StepTimings();
              ReplicaLoop.PayloadBuffers buffers = new ReplicaLoop.PayloadBuffers();
              return ReplicaLoop.run(
                  rank,
                  n,
                  net::allGather,
                  (step, micro, params) ->
                      net.allGather(
                          ReplicaLoop.ownPayload(
                              replica, cfg.reduction(), rank, n, micro, step, params, timings,
                              buffers),
                          ReplicaLoop.payloadLengths(
                              cfg.reduction(), micro.size(), n, params.totalSize())),
                  model,
                  replica,
                  data.ids(),
                  0,
                  cfg,
                  hash,
                  new Configuration(),
                  () -> false,
                  timings);
            });
  }

  /** The work of one replica on its own mesh end. */
  private interface ReplicaTask<M, T> {
    T run(int rank, M net) throws Exception;
  }

  /**
   * Runs {@code task} for every replica at once, one thread each, closing each replica's mesh end
   * when its task ends; the results in rank order (60 s at most each).
   */
  private static <M extends AutoCloseable, T> List<T> onEveryReplica(
      List<M> nets, ReplicaTask<M, T> task) throws Exception {
    int n = nets.size();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        M net = nets.get(r);
        futures.add(
            pool.submit(
                () -> {
                  try (net) {
                    return task.run(rank, net);
                  }
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(GradientReduction.class)
  void oneTwoAndThreeReplicasGiveTheWeightsOfTheSingleProcessLoopBitForBit(
      GradientReduction reduction) throws Exception {
    // 37 samples, batch 10 (last batch 7), micro-batches of 3: 4 or 3 micro-batches per step
    SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 2, 10, 3);
    TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);
    SyncTrainConfig cfg = SyncTrainConfig.of(1, reduction);
    TrainingResult local = LocalTrainer.fit(model, data, cfg, new Configuration());
    assertEquals(8, local.steps());
    assertNotEquals(
        model.initialParameters().contentHash(), local.params().contentHash(), "it trained");
    for (boolean inProcess : new boolean[] {false, true}) {
      for (int n = 1; n <= 3; n++) {
        ReplicaLoop.Outcome o = runReplicas(n, model, data, cfg.withReplicas(n), inProcess);
        String what = "n=" + n + (inProcess ? " in process" : " over TCP");
        assertNull(o.failure(), what);
        assertEquals(local.params().contentHash(), o.result().params().contentHash(), what);
        assertArrayEquals(local.stepLoss(), o.result().stepLoss(), what);
        assertEquals(local.optimizerState().step(), o.result().optimizerState().step(), what);
      }
    }
  }

  /**
   * {@code inner}, except that right after its {@code after}-th optimizer step {@code change} edits
   * the first weight array (later steps do not undo it): a replica that computes differently.
   */
  private static ReplicaModel.Replica changedAfter(
      ReplicaModel.Replica inner, int after, java.util.function.Consumer<float[]> change) {
    return new ReplicaModel.Replica() {
      private int applied;

      @Override
      public MicroBatchGradient gradient(ParameterSet params, long[] microBatch, long step) {
        return inner.gradient(params, microBatch, step);
      }

      @Override
      public void applyStep(ParameterSet params, OptimizerState state, MicroBatchGradient summed) {
        inner.applyStep(params, state, summed);
        if (++applied == after) {
          change.accept(params.get(0));
        }
      }
    };
  }

  /**
   * Replica 1 of 2 drifts after step {@code driftAfter} of 8: the replicas compare
   * weight hashes every {@code every} steps (not at the last step) and once more at the end, so
   * training stops at the first comparison after the drift, on both replicas, with an error that
   * lists each replica's hash (the first 16 hex digits of its weights' content hash).
   */
  @ParameterizedTest
  @CsvSource({"2, 3, 4", "50, 3, 8", "2, 8, 8", "4, 4, 4"})
  void replicasWhoseWeightsDriftApartStopAtTheNextWeightCheck(
      int every, int driftAfter, long stoppedAt) throws Exception {
    SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 2, 10, 3);
    TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);
    SyncTrainConfig cfg =
        new SyncTrainConfig(
            2, GradientReduction.FIXED_POINT, null, 100, every, 60_000, 120_000, null,
            MeshTransport.AUTO, null, AllReduceSchedule.AUTO);
    List<ReplicaLoop.Outcome> outs =
        runEveryReplica(
            2,
            model,
            data,
            cfg,
            true,
            rank ->
                rank == 1
                    ? changedAfter(
                        model.open(data),
                        driftAfter,
                        w -> {
                          for (int k = 0; k < w.length; k++) {
                            w[k] += 0.01f;
                          }
                        })
                    : model.open(data));
    String h0 = outs.get(0).result().params().contentHash().substring(0, 16);
    String h1 = outs.get(1).result().params().contentHash().substring(0, 16);
    assertNotEquals(h0, h1);
    String expected =
        "weights of the replicas differ after step "
            + stoppedAt
            + " (hashes by replica: "
            + h0
            + ", "
            + h1
            + "): replicas are not computing identically (check OMP_NUM_THREADS pinning)";
    for (ReplicaLoop.Outcome o : outs) {
      assertEquals(expected, o.failure());
      assertEquals(stoppedAt, o.result().steps());
    }
  }

  /**
   * Finite gradients, but the third update (step 2, counting from 0) leaves a weight infinite, as
   * an overflowing step would. Weights are checked before they are checkpointed: training stops at
   * step 2 and the newest checkpoint stays the one taken after two steps ("step 2").
   */
  @Test
  void weightsThatBecomeInfiniteAreNeverCheckpointed(@TempDir java.nio.file.Path dir)
      throws Exception {
    SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 2, 10, 3);
    TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);
    String ckpt = dir.toUri().toString();
    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.FIXED_POINT).withCheckpoints(ckpt, 1);
    ReplicaLoop.Outcome o =
        runEveryReplica(1, model, data, cfg, true, rank -> changedAfter(model.open(data), 3, w -> w[1] = Float.POSITIVE_INFINITY))
            .get(0);
    assertEquals(
        "training diverged at step 2: weights are not finite after step 2"
            + " (last good checkpoint: step 2)",
        o.failure());
    assertEquals(List.of(1L, 2L), new CheckpointStore(ckpt, new Configuration()).steps());
  }

  @Test
  void aPayloadIsNotOverwrittenBeforeEveryReplicaHasReadIt() throws Exception {
    // Replica 1 reads the exchanged payloads slowly, as a replica combining a step would; replica
    // 0 meanwhile writes its next payloads. With one array per replica instead of two in turn,
    // replica 1 would see step s + 1's bytes in step s's payload.
    int n = 2;
    int steps = 40;
    MeshConfig mesh = MeshConfig.generate(5_000, 10_000);
    List<InProcessMesh> nets = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      nets.add(InProcessMesh.join(mesh, r, n));
    }
    List<Integer> wrongBytes =
        onEveryReplica(
            nets,
            (rank, net) -> {
              ReplicaLoop.PayloadBuffers buffers = new ReplicaLoop.PayloadBuffers();
              int wrong = 0;
              for (int step = 0; step < steps; step++) {
                byte[] mine = buffers.next(64);
                java.util.Arrays.fill(mine, (byte) (rank * 100 + step));
                byte[][] all = net.allGather(mine, new int[] {64, 64});
                if (rank == 1) {
                  Thread.sleep(2);
                }
                for (int other = 0; other < n; other++) {
                  for (byte b : all[other]) {
                    wrong += b == (byte) (other * 100 + step) ? 0 : 1;
                  }
                }
              }
              return wrong;
            });
    for (int wrong : wrongBytes) {
      assertEquals(0, wrong, "bytes read after being overwritten");
    }
  }
}
