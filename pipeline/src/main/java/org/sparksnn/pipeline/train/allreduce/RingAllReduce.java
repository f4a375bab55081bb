package org.sparksnn.pipeline.train.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The schedule of a ring all-reduce (reduce-scatter, then all-gather) of one {@code long} vector
 * between {@code size} ranks: the vector is cut into {@code size} chunks; in each of {@code size −
 * 1} reduce-scatter steps every rank sends one chunk to the next rank and folds the chunk it gets
 * from the previous one into its own, after which rank {@code r} holds the complete reduction of
 * chunk {@code (r + 1) mod size}; in {@code size − 1} all-gather steps the complete chunks travel
 * once around the ring. Every rank sends and receives {@code 2·(size − 1)/size} of the vector,
 * against {@code size − 1} whole vectors for an all-gather, and reduces one chunk per step instead
 * of every rank's vector. With an exact, order-independent {@link LongReducer} every rank ends with
 * the same bits as a fold in rank order. Chunks travel as little-endian bytes.
 */
final class RingAllReduce {

  /** One ring step of a rank: what it sends to rank {@code + 1}, what it gets from rank {@code − 1}. */
  @FunctionalInterface
  interface Neighbours {
    /**
     * Sends {@code toNext} to the next rank and returns the bytes the previous rank sent in the same
     * step, exactly {@code expectedFromPrevious} of them.
     */
    byte[] shift(byte[] toNext, int expectedFromPrevious);
  }

  private RingAllReduce() {}

  /**
   * The reduction of every rank's {@code mine} (all of one length), as rank {@code rank} of {@code
   * size} sees it; {@code mine} is not modified.
   */
  static long[] allReduce(int rank, int size, long[] mine, LongReducer op, Neighbours ring) {
    int n = mine.length;
    long[] acc = mine.clone();
    if (size == 1) {
      return acc;
    }
    long[] in = new long[n];
    for (int s = 0; s < size - 1; s++) {
      int send = Math.floorMod(rank - s, size);
      int receive = Math.floorMod(rank - s - 1, size);
      int from = start(receive, n, size);
      int to = start(receive + 1, n, size);
      byte[] got = ring.shift(encode(acc, send, n, size), (to - from) * Long.BYTES);
      wrap(got).asLongBuffer().get(in, from, to - from);
      op.reduce(acc, in, from, to);
    }
    for (int s = 0; s < size - 1; s++) {
      int send = Math.floorMod(rank + 1 - s, size);
      int receive = Math.floorMod(rank - s, size);
      int from = start(receive, n, size);
      int to = start(receive + 1, n, size);
      byte[] got = ring.shift(encode(acc, send, n, size), (to - from) * Long.BYTES);
      wrap(got).asLongBuffer().get(acc, from, to - from);
    }
    return acc;
  }

  /** First element of chunk {@code chunk} ({@code 0..size}) of a vector of {@code n}. */
  static int start(int chunk, int n, int size) {
    return (int) ((long) chunk * n / size);
  }

  private static byte[] encode(long[] v, int chunk, int n, int size) {
    int from = start(chunk, n, size);
    int to = start(chunk + 1, n, size);
    byte[] b = new byte[(to - from) * Long.BYTES];
    wrap(b).asLongBuffer().put(v, from, to - from);
    return b;
  }

  private static ByteBuffer wrap(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
