package org.sparksnn.pipeline.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingAllReduceTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Exact sum in the low half of the vector, xor in the high half: both order-independent. */
  private static final LongReducer SUM_THEN_XOR =
      (acc, in, from, to) -> {
        for (int k = from; k < to; k++) {
          acc[k] = k < acc.length / 2 ? acc[k] + in[k] : acc[k] ^ in[k];
        }
      };

  /**
   * Runs the ring on {@code size} threads linked by queues; {@code sentBytes[r]} counts what rank
   * {@code r} sent.
   */
  private long[][] ring(long[][] inputs, AtomicLongArray sentBytes) throws Exception {
    int size = inputs.length;
    List<BlockingQueue<byte[]>> into = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      into.add(new ArrayBlockingQueue<>(2 * size));
    }
    List<Future<long[]>> out = new ArrayList<>();
    for (int r = 0; r < size; r++) {
      int rank = r;
      out.add(
          pool.submit(
              () ->
                  RingAllReduce.allReduce(
                      rank,
                      size,
                      inputs[rank],
                      SUM_THEN_XOR,
                      (toNext, expected) -> {
                        sentBytes.addAndGet(rank, toNext.length);
                        try {
                          into.get((rank + 1) % size).put(toNext);
                          byte[] got = into.get(rank).poll(10, TimeUnit.SECONDS);
                          assertEquals(expected, got.length, "rank " + rank + ": chunk length");
                          return got;
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                      })));
    }
    long[][] results = new long[size][];
    for (int r = 0; r < size; r++) {
      results[r] = out.get(r).get(20, TimeUnit.SECONDS);
    }
    return results;
  }

  @ParameterizedTest(name = "{0} ranks, {1} elements")
  @CsvSource({"1, 10", "2, 10", "3, 1000", "4, 1001", "5, 3", "7, 0", "7, 6", "8, 4099"})
  void everyRankEndsWithTheRankOrderReductionAndSendsTwoChunksPerRankRound(int size, int length)
      throws Exception {
    SplittableRandom rnd = new SplittableRandom(7 * size + length);
    long[][] inputs = new long[size][length];
    long[] expected = new long[length];
    for (int r = 0; r < size; r++) {
      for (int k = 0; k < length; k++) {
        inputs[r][k] = rnd.nextLong(-(1L << 40), 1L << 40);
      }
      if (r == 0) {
        expected = inputs[0].clone();
      } else {
        SUM_THEN_XOR.reduce(expected, inputs[r], 0, length);
      }
    }
    long[][] before = new long[size][];
    for (int r = 0; r < size; r++) {
      before[r] = inputs[r].clone();
    }
    AtomicLongArray sent = new AtomicLongArray(size);
    long[][] results = ring(inputs, sent);
    for (int r = 0; r < size; r++) {
      assertArrayEquals(expected, results[r], "rank " + r);
      assertArrayEquals(before[r], inputs[r], "rank " + r + "'s input is left as it was");
      // reduce-scatter and all-gather each send size - 1 chunks: rank r sends every chunk but
      // (r + 1) mod size, then every chunk but (r + 2) mod size
      long chunksBytes = 0;
      for (int c = 0; c < size; c++) {
        long chunk = (RingAllReduce.start(c + 1, length, size) - RingAllReduce.start(c, length, size));
        chunksBytes += (c != (r + 1) % size ? chunk : 0) + (c != (r + 2) % size ? chunk : 0);
      }
      assertEquals(size == 1 ? 0 : chunksBytes * Long.BYTES, sent.get(r), "rank " + r + " sent");
    }
  }
}
