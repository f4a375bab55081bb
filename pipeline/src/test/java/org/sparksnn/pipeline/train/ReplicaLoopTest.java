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
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparksnn.pipeline.train.allreduce.InProcessMesh;
import org.sparksnn.pipeline.train.allreduce.Mesh;
import org.sparksnn.pipeline.train.allreduce.MeshConfig;
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
    List<ReplicaLoop.Outcome> outs =
        onEveryReplica(
            nets,
            (rank, net) -> {
              if (net instanceof TcpAllReduce tcp) {
                tcp.connect(addresses);
              }
              ReplicaModel.Replica replica = model.open(data);
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
    for (ReplicaLoop.Outcome o : outs) {
      assertEquals(
          outs.get(0).result().params().contentHash(), o.result().params().contentHash());
    }
    return outs.get(0);
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
