package org.sparksnn.pipeline.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessMeshTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** Rank {@code r}'s payload of round {@code k}: {@code r + 1} bytes, all {@code (k·7 + r)}. */
  private static byte[] payload(int r, int k) {
    byte[] b = new byte[r + 1];
    Arrays.fill(b, (byte) (k * 7 + r));
    return b;
  }

  private static int[] lengths(int n) {
    int[] l = new int[n];
    for (int r = 0; r < n; r++) {
      l[r] = r + 1;
    }
    return l;
  }

  @Test
  void everyRankGetsEveryRanksPayloadOfEachRoundInRankOrder() {
    int n = 3;
    int rounds = 2_000; // many rounds: a fast rank must never overwrite a round still being read
    MeshConfig config = MeshConfig.generate(1_000, 10_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          List<Future<Integer>> ranks = new ArrayList<>();
          for (int r = 0; r < n; r++) {
            int rank = r;
            ranks.add(
                pool.submit(
                    () -> {
                      try (InProcessMesh mesh = InProcessMesh.join(config, rank, n)) {
                        assertEquals(rank, mesh.rank());
                        assertEquals(n, mesh.size());
                        for (int k = 0; k < rounds; k++) {
                          byte[] mine = payload(rank, k);
                          byte[][] all = mesh.allGather(mine, lengths(n));
                          assertSame(mine, all[rank], "own payload handed back, not copied");
                          for (int j = 0; j < n; j++) {
                            assertArrayEquals(payload(j, k), all[j], "round " + k + " rank " + j);
                          }
                        }
                        return rounds;
                      }
                    }));
          }
          for (Future<Integer> f : ranks) {
            assertEquals(rounds, f.get());
          }
        });
    assertFalse(InProcessMesh.isRegistered(config.runId()), "closed runs leave the table");
  }

  @Test
  void rankWhosePeerNeverArrivesFailsAfterTheTimeoutNamingIt() {
    MeshConfig config = MeshConfig.generate(1_000, 300);
    try (InProcessMesh lonely = InProcessMesh.join(config, 0, 2)) {
      AllReduceException e =
          assertThrows(AllReduceException.class, () -> lonely.allGather(new byte[1], new int[] {1, 1}));
      assertTrue(e.getMessage().contains("rank 0"), e.getMessage());
      assertTrue(e.getMessage().contains("did not arrive within 300 ms"), e.getMessage());
    }
  }

  @Test
  void peerThatLeavesWakesAWaitingRankAtOnceInsteadOfAfterTheTimeout() throws Exception {
    MeshConfig config = MeshConfig.generate(1_000, 60_000);
    InProcessMesh leaver = InProcessMesh.join(config, 1, 2);
    try (InProcessMesh waiter = InProcessMesh.join(config, 0, 2)) {
      Future<?> waiting = pool.submit(() -> waiter.allGather(new byte[1], new int[] {1, 1}));
      Thread.sleep(100);
      leaver.close(); // e.g. its task failed
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof AllReduceException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("rank 1 left the mesh"), e.getMessage());
    }
    assertFalse(InProcessMesh.isRegistered(config.runId()));
  }

  @Test
  void interruptedRankFailsAndSoDoesItsPeer() throws Exception {
    MeshConfig config = MeshConfig.generate(1_000, 60_000);
    InProcessMesh a = InProcessMesh.join(config, 0, 3);
    InProcessMesh b = InProcessMesh.join(config, 1, 3);
    try (a;
        b) {
      Future<?> fa = pool.submit(() -> a.allGather(new byte[1], new int[] {1, 1, 1}));
      Future<?> fb = pool.submit(() -> b.allGather(new byte[1], new int[] {1, 1, 1}));
      Thread.sleep(100);
      fa.cancel(true); // Spark kills a task by interrupting its thread
      ExecutionException e = assertThrows(ExecutionException.class, () -> fb.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof AllReduceException, String.valueOf(e.getCause()));
    }
  }

  @Test
  void payloadOfTheWrongLengthIsRejectedByTheSenderAndByEveryReceiver() throws Exception {
    MeshConfig config = MeshConfig.generate(1_000, 10_000);
    InProcessMesh a = InProcessMesh.join(config, 0, 2);
    InProcessMesh b = InProcessMesh.join(config, 1, 2);
    try (a;
        b) {
      assertThrows(
          IllegalArgumentException.class, () -> a.allGather(new byte[3], new int[] {2, 2}));
      // b expects 2 bytes from rank 0, a believes it should send 3
      Future<byte[][]> fa = pool.submit(() -> a.allGather(new byte[3], new int[] {3, 2}));
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> pool.submit(() -> b.allGather(new byte[2], new int[] {2, 2})).get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("rank 0 sent 3 bytes, expected 2"), e.getMessage());
      fa.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void joiningTwiceOrWithAnotherSizeIsAnError() {
    MeshConfig config = MeshConfig.generate(1_000, 10_000);
    try (InProcessMesh first = InProcessMesh.join(config, 0, 2)) {
      AllReduceException twice =
          assertThrows(AllReduceException.class, () -> InProcessMesh.join(config, 0, 2));
      assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
      AllReduceException size =
          assertThrows(AllReduceException.class, () -> InProcessMesh.join(config, 1, 3));
      assertTrue(size.getMessage().contains("has 2 ranks, not 3"), size.getMessage());
    }
  }
}
