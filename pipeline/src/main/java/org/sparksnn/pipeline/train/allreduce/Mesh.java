package org.sparksnn.pipeline.train.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ranks of one training run, connected: each rank's payload of a round reaches every rank. One
 * thread per rank calls {@link #allGather} once per round, in the same order on every rank; a
 * failure (dead, stuck or interrupted peer, timeout) throws {@link AllReduceException} on every
 * rank instead of hanging.
 */
public interface Mesh extends AutoCloseable {

  /** This rank, {@code 0 <= rank < size}. */
  int rank();

  /** Number of ranks. */
  int size();

  /**
   * Sends {@code mine} to every rank and returns every rank's payload, indexed by rank ({@code
   * result[rank()]} is {@code mine}). {@code expectedLengths[r]} is the exact byte length rank
   * {@code r} sends; {@code mine.length} must equal {@code expectedLengths[rank()]}. Callers must
   * not modify the returned arrays or {@code mine} afterwards: peers in the same JVM may share them.
   */
  byte[][] allGather(byte[] mine, int[] expectedLengths);

  /**
   * The element-wise reduction {@code op} of every rank's {@code mine} (all of one length),
   * identical on every rank; {@code mine} is not modified. This default gathers every vector and
   * folds them in rank order; a mesh may combine them in another order (see {@link LongReducer}).
   */
  default long[] allReduce(long[] mine, LongReducer op) {
    int[] lengths = new int[size()];
    Arrays.fill(lengths, mine.length * Long.BYTES);
    byte[] bytes = new byte[mine.length * Long.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(mine);
    byte[][] all = allGather(bytes, lengths);
    long[] acc = new long[mine.length];
    long[] part = new long[mine.length];
    for (int r = 0; r < all.length; r++) {
      long[] into = r == 0 ? acc : part;
      ByteBuffer.wrap(all[r]).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(into);
      if (r > 0) {
        op.reduce(acc, part, 0, acc.length);
      }
    }
    return acc;
  }

  /**
   * Whether {@link #allReduce} combines the vectors around a ring, moving less than gathering them
   * would (then callers that can reduce should); false for this interface's default.
   */
  default boolean usesRing() {
    return false;
  }

  /** How this mesh moves payloads, for logs (e.g. {@code "in memory"}, {@code "TCP, ring"}). */
  String description();

  /** Leaves the mesh; idempotent. */
  @Override
  void close();
}
