package org.sparksnn.pipeline.train.allreduce;

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

  /** Leaves the mesh; idempotent. */
  @Override
  void close();
}
