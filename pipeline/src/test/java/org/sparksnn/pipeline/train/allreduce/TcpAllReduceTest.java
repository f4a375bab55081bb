package org.sparksnn.pipeline.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpAllReduceTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** Work of one rank after the mesh is built. */
  private interface RankWork<T> {
    T run(TcpAllReduce mesh) throws Exception;
  }

  private static MeshConfig config(int ioTimeoutMillis) {
    return MeshConfig.generate(3_000, ioTimeoutMillis);
  }

  private <T> List<Future<T>> runRanks(List<MeshConfig> configs, RankWork<T> work) {
    int n = configs.size();
    List<TcpAllReduce> meshes = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      meshes.add(TcpAllReduce.bind(configs.get(r), r, n, LOOPBACK));
    }
    List<String> addresses = meshes.stream().map(TcpAllReduce::address).toList();
    List<Future<T>> results = new ArrayList<>();
    for (TcpAllReduce mesh : meshes) {
      results.add(
          pool.submit(
              () -> {
                try (mesh) {
                  mesh.connect(addresses);
                  return work.run(mesh);
                }
              }));
    }
    return results;
  }

  private static Throwable failureOf(Future<?> f) throws InterruptedException {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
    return e.getCause();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void everyRankGetsTheIdenticalExactSum(int n) throws Exception {
    int len = 1000;
    long[][] inputs = new long[n][len];
    long[] expected = new long[len];
    SplittableRandom rnd = new SplittableRandom(42);
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < len; k++) {
        inputs[r][k] = rnd.nextLong(-(1L << 60), 1L << 60);
        expected[k] += inputs[r][k];
      }
    }
    MeshConfig cfg = config(5_000);
    List<Future<long[][]>> out =
        runRanks(
            java.util.Collections.nCopies(n, cfg),
            mesh -> {
              // three rounds: sequence numbers advance in step on every rank
              long[][] rounds = new long[3][];
              for (int i = 0; i < 3; i++) {
                rounds[i] = mesh.allReduceSum(inputs[mesh.rank()]);
              }
              return rounds;
            });
    for (Future<long[][]> f : out) {
      long[][] rounds = f.get(20, TimeUnit.SECONDS);
      for (long[] round : rounds) {
        assertArrayEquals(expected, round);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void ringAndGatheredReductionsGiveTheSameBitsRoundAfterRound(int n) throws Exception {
    int len = 4097;
    long[][] inputs = new long[n][len];
    SplittableRandom rnd = new SplittableRandom(11);
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < len; k++) {
        inputs[r][k] = rnd.nextLong();
      }
    }
    LongReducer xorThenSum =
        (acc, in, from, to) -> {
          for (int k = from; k < to; k++) {
            acc[k] = (k & 1) == 0 ? acc[k] ^ in[k] : acc[k] + in[k];
          }
        };
    MeshConfig cfg = config(5_000);
    List<Future<long[][]>> out =
        runRanks(
            java.util.Collections.nCopies(n, cfg),
            mesh -> {
              long[] mine = inputs[mesh.rank()];
              // interleaved on one mesh: the sequence numbers of both schedules stay in step
              return new long[][] {
                mesh.allReduceRing(mine, xorThenSum),
                mesh.allReduceGathered(mine, xorThenSum),
                mesh.allReduceRing(mine, xorThenSum),
                mesh.allReduce(mine, xorThenSum)
              };
            });
    long[] first = out.get(0).get(20, TimeUnit.SECONDS)[0];
    long[] byHand = inputs[0].clone();
    for (int r = 1; r < n; r++) {
      xorThenSum.reduce(byHand, inputs[r], 0, len);
    }
    assertArrayEquals(byHand, first);
    for (Future<long[][]> f : out) {
      for (long[] result : f.get(20, TimeUnit.SECONDS)) {
        assertArrayEquals(first, result);
      }
    }
  }

  @Test
  void theAutoScheduleGoesAroundTheRingFromThreeRanksOnMoreThanOneHost() {
    List<String> oneHost = List.of("127.0.0.1:4001", "127.0.0.1:4002", "127.0.0.1:4003");
    List<String> twoHosts = List.of("10.0.0.1:4001", "10.0.0.2:4002", "10.0.0.2:4003");
    assertTrue(!TcpAllReduce.usesRing(AllReduceSchedule.AUTO, 3, oneHost));
    assertTrue(TcpAllReduce.usesRing(AllReduceSchedule.AUTO, 3, twoHosts));
    assertTrue(!TcpAllReduce.usesRing(AllReduceSchedule.AUTO, 2, twoHosts.subList(0, 2)));
    assertTrue(!TcpAllReduce.usesRing(AllReduceSchedule.GATHER, 3, twoHosts));
    assertTrue(TcpAllReduce.usesRing(AllReduceSchedule.RING, 2, oneHost.subList(0, 2)));
    assertTrue(!TcpAllReduce.usesRing(AllReduceSchedule.RING, 1, oneHost.subList(0, 1)));
  }

  @Test
  void aRankThatDiesMidRingFailsItsNeighboursInsteadOfHangingThem() throws Exception {
    MeshConfig cfg = config(1_000);
    List<Future<long[]>> out =
        runRanks(
            java.util.Collections.nCopies(3, cfg),
            mesh -> {
              if (mesh.rank() == 1) {
                mesh.close();
                throw new IllegalStateException("rank 1 is gone");
              }
              return mesh.allReduceRing(new long[300], (acc, in, from, to) -> {});
            });
    for (int r : new int[] {0, 2}) {
      Throwable t = failureOf(out.get(r));
      assertTrue(t instanceof AllReduceException, "rank " + r + ": " + t);
      assertTrue(
          t.getMessage().startsWith("rank " + r + ": ") && t.getMessage().contains("rank "),
          t.getMessage());
    }
  }

  @Test
  void allGatherReturnsEveryRanksPayloadOfItsOwnLength() throws Exception {
    int[] lengths = {3, 0, 7};
    MeshConfig cfg = config(5_000);
    List<Future<byte[][]>> out =
        runRanks(
            java.util.Collections.nCopies(3, cfg),
            mesh -> {
              byte[] mine = new byte[lengths[mesh.rank()]];
              Arrays.fill(mine, (byte) (mesh.rank() + 1));
              return mesh.allGather(mine, lengths);
            });
    for (Future<byte[][]> f : out) {
      byte[][] all = f.get(20, TimeUnit.SECONDS);
      for (int r = 0; r < 3; r++) {
        byte[] want = new byte[lengths[r]];
        Arrays.fill(want, (byte) (r + 1));
        assertArrayEquals(want, all[r]);
      }
    }
  }

  @Test
  void peerWithWrongSecretIsRejected() throws Exception {
    MeshConfig good = config(2_000);
    MeshConfig wrong = new MeshConfig(good.runId(), new byte[32], 1_000, 2_000);
    List<Future<Object>> out = runRanks(List.of(good, wrong), mesh -> "connected");
    Throwable connector = failureOf(out.get(1));
    assertTrue(connector instanceof AllReduceException, connector.toString());
    assertTrue(connector.getMessage().contains("authentication"), connector.getMessage());
    Throwable acceptor = failureOf(out.get(0));
    assertTrue(acceptor.getMessage().contains("did not connect"), acceptor.getMessage());
  }

  @Test
  void frameOfWrongLengthIsRejected() throws Exception {
    MeshConfig cfg = config(2_000);
    List<Future<Object>> out =
        runRanks(
            List.of(cfg, cfg),
            mesh -> {
              // rank 1 sends 24 bytes where rank 0 expects 16
              int[] lengths = mesh.rank() == 0 ? new int[] {16, 16} : new int[] {16, 24};
              return mesh.allGather(new byte[lengths[mesh.rank()]], lengths);
            });
    Throwable e = failureOf(out.get(0));
    assertTrue(e.getMessage().contains("wrong size"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 16 bytes, got 24"), e.getMessage());
  }

  @Test
  void silentPeerTimesOutInsteadOfHanging() {
    MeshConfig cfg = config(500);
    CountDownLatch release = new CountDownLatch(1);
    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          List<Future<Object>> out =
              runRanks(
                  List.of(cfg, cfg, cfg),
                  mesh -> {
                    if (mesh.rank() == 2) {
                      release.await(); // connected, but never sends
                      return "silent";
                    }
                    return mesh.allReduceSum(new long[] {1});
                  });
          for (int r = 0; r < 2; r++) {
            Throwable e = failureOf(out.get(r));
            assertTrue(e instanceof AllReduceException, e.toString());
            assertTrue(
                e.getMessage().contains("sent nothing within 500 ms")
                    || e.getMessage().contains("closed its connection"),
                e.getMessage());
          }
          release.countDown();
        });
  }

  @Test
  void closedPeerIsReportedAtOnce() throws Exception {
    MeshConfig cfg = config(60_000);
    long start = System.nanoTime();
    List<Future<Object>> out =
        runRanks(
            List.of(cfg, cfg),
            mesh -> {
              if (mesh.rank() == 1) {
                mesh.close();
                return "closed";
              }
              return mesh.allReduceSum(new long[] {1});
            });
    Throwable e = failureOf(out.get(0));
    assertTrue(e.getMessage().contains("rank 1 closed its connection"), e.getMessage());
    assertTrue((System.nanoTime() - start) / 1e9 < 10, "took far less than the 60 s io timeout");
  }

  @Test
  void strangerConnectionIsRejectedAndTheMeshStillForms() throws Exception {
    MeshConfig cfg = config(5_000);
    TcpAllReduce r0 = TcpAllReduce.bind(cfg, 0, 2, LOOPBACK);
    TcpAllReduce r1 = TcpAllReduce.bind(cfg, 1, 2, LOOPBACK);
    List<String> addresses = List.of(r0.address(), r1.address());
    String[] hostPort = r0.address().split(":");
    try (Socket stranger = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      DataOutputStream out = new DataOutputStream(stranger.getOutputStream());
      out.writeInt(0x534E4E41);
      out.writeInt(1);
      out.writeLong(cfg.runId() + 1); // another run
      out.writeInt(1);
      out.writeInt(0);
      out.write(new byte[32]);
      out.flush();
      Future<long[]> f0 =
          pool.submit(
              () -> {
                try (r0) {
                  r0.connect(addresses);
                  return r0.allReduceSum(new long[] {5});
                }
              });
      Future<long[]> f1 =
          pool.submit(
              () -> {
                try (r1) {
                  r1.connect(addresses);
                  return r1.allReduceSum(new long[] {7});
                }
              });
      assertArrayEquals(new long[] {12}, f0.get(20, TimeUnit.SECONDS));
      assertArrayEquals(new long[] {12}, f1.get(20, TimeUnit.SECONDS));
      assertEquals(-1, stranger.getInputStream().read(), "stranger's connection was closed");
    }
  }

  @Test
  void stopsListeningOnceConnected() throws Exception {
    MeshConfig cfg = config(5_000);
    List<Future<String>> out =
        runRanks(
            List.of(cfg, cfg),
            mesh -> {
              String addr = mesh.address();
              mesh.allReduceSum(new long[] {1}); // both ranks are past connect()
              return addr;
            });
    String addr0 = out.get(0).get(20, TimeUnit.SECONDS);
    out.get(1).get(20, TimeUnit.SECONDS);
    String[] hp = addr0.split(":");
    assertThrows(IOException.class, () -> new Socket(hp[0], Integer.parseInt(hp[1])).close());
  }

  @Test
  void listensOnlyOnTheAddressItIsGivenNotOnAllInterfaces() throws Exception {
    // 127.0.0.2 is another loopback address on Linux: a socket bound to it is not reachable
    // through 127.0.0.1, whereas a wildcard (0.0.0.0) socket would be
    InetAddress other = InetAddress.getByName("127.0.0.2");
    try (TcpAllReduce mesh = TcpAllReduce.bind(config(5_000), 0, 2, other)) {
      String[] hp = mesh.address().split(":");
      assertEquals("127.0.0.2", hp[0]);
      int port = Integer.parseInt(hp[1]);
      new Socket(other, port).close(); // listening there
      assertThrows(IOException.class, () -> new Socket(InetAddress.getByName("127.0.0.1"), port).close());
    }
  }

  @Test
  void measuresAllGatherOf400KilobytesBetweenTwoRanks() throws Exception {
    int bytes = 400 * 1024;
    int rounds = 60;
    MeshConfig cfg = config(10_000);
    List<Future<double[]>> out =
        runRanks(
            List.of(cfg, cfg),
            mesh -> {
              byte[] mine = new byte[bytes];
              Arrays.fill(mine, (byte) mesh.rank());
              int[] lengths = {bytes, bytes};
              long[] fixed = new long[bytes / Long.BYTES];
              double[] millis = new double[2];
              for (int i = 0; i < 2 * rounds; i++) {
                long t0 = System.nanoTime();
                byte[][] all = mesh.allGather(mine, lengths);
                if (i >= rounds) {
                  millis[0] += (System.nanoTime() - t0) / 1e6 / rounds;
                }
                assertEquals((byte) 1, all[1][bytes - 1]);
              }
              for (int i = 0; i < 2 * rounds; i++) {
                long t0 = System.nanoTime();
                mesh.allReduceSum(fixed);
                if (i >= rounds) {
                  millis[1] += (System.nanoTime() - t0) / 1e6 / rounds;
                }
              }
              return millis;
            });
    double[] m = out.get(0).get(60, TimeUnit.SECONDS);
    out.get(1).get(60, TimeUnit.SECONDS);
    // measurement, read from the surefire output file
    System.out.printf(
        "MEASURED 2 ranks, loopback: allGather of 400 KB %.3f ms, allReduceSum of 51200 longs"
            + " (400 KB) %.3f ms%n",
        m[0], m[1]);
    assertTrue(m[0] > 0 && m[1] > 0);
  }
}
