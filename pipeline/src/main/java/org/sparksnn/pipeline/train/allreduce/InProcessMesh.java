package org.sparksnn.pipeline.train.allreduce;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.sparksnn.ops.Checks;

/**
 * A mesh of ranks that all run in <b>one JVM</b> (the tasks of one executor, e.g. {@code local[n]}):
 * payloads are handed over by reference behind a barrier, with no copy, no socket and no extra
 * thread. A round costs one barrier crossing instead of serializing, sending and reading every
 * payload over loopback TCP.
 *
 * <p>Ranks meet in a JVM-wide table keyed by the run id ({@link MeshConfig#runId()}, fresh per run
 * and stage attempt); the entry is removed when the last rank closes. This table is the one piece
 * of process-wide state: threads of separate Spark tasks share nothing else they could meet in.
 *
 * <p>Round {@code k} writes slot set {@code k mod 2}: a rank can only start round {@code k + 2}
 * after every rank has crossed the barrier of round {@code k + 1}, that is after every rank has
 * read round {@code k}. The barrier (one monitor) orders the writes before the reads. A rank that
 * times out, is interrupted or closes finishes the mesh, so every other rank fails at once.
 */
public final class InProcessMesh implements Mesh {
  private static final ConcurrentHashMap<Long, Group> GROUPS = new ConcurrentHashMap<>();

  private final Group group;
  private final long runId;
  private final int rank;
  private final long timeoutMillis;
  private long round;
  private boolean closed;

  private InProcessMesh(Group group, long runId, int rank, long timeoutMillis) {
    this.group = group;
    this.runId = runId;
    this.rank = rank;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Joins rank {@code rank} of {@code size} to the in-process mesh of {@code config.runId()}. Every
   * rank must join with the same size; each rank joins once.
   *
   * @throws AllReduceException if the rank already joined or another size was given for this run
   */
  public static InProcessMesh join(MeshConfig config, int rank, int size) {
    Checks.notNull("InProcessMesh.config", config);
    Checks.positive("InProcessMesh.size", size);
    Checks.inRange("InProcessMesh.rank", rank, 0, size - 1);
    Group g = GROUPS.computeIfAbsent(config.runId(), id -> new Group(size));
    synchronized (g) {
      if (g.size != size) {
        throw new AllReduceException(
            "rank " + rank + ": the in-process mesh of run " + config.runId() + " has "
                + g.size + " ranks, not " + size);
      }
      if (g.joined[rank]) {
        throw new AllReduceException(
            "rank " + rank + " joined the in-process mesh of run " + config.runId() + " twice");
      }
      g.joined[rank] = true;
      g.joinedCount++;
    }
    return new InProcessMesh(g, config.runId(), rank, config.ioTimeoutMillis());
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return group.size;
  }

  /** {@code "in memory"}. */
  @Override
  public String description() {
    return "in memory";
  }

  @Override
  public byte[][] allGather(byte[] mine, int[] expectedLengths) {
    Checks.check(!closed, "InProcessMesh", "must be open", "closed");
    Checks.check(
        expectedLengths.length == group.size,
        "InProcessMesh.expectedLengths.length",
        "must be " + group.size,
        expectedLengths.length);
    Checks.check(
        mine.length == expectedLengths[rank],
        "InProcessMesh.mine.length",
        "must be " + expectedLengths[rank],
        mine.length);
    long k = round++;
    byte[][] slots = group.slots[(int) (k & 1)];
    slots[rank] = mine;
    String failure = group.arriveAndAwait(timeoutMillis);
    if (failure != null) {
      close();
      throw new AllReduceException("rank " + rank + ": all-gather " + k + " failed: " + failure);
    }
    byte[][] out = Arrays.copyOf(slots, slots.length);
    for (int r = 0; r < out.length; r++) {
      if (out[r].length != expectedLengths[r]) {
        close();
        throw new AllReduceException(
            "rank " + rank + ": all-gather " + k + ": rank " + r + " sent " + out[r].length
                + " bytes, expected " + expectedLengths[r]);
      }
    }
    return out;
  }

  /**
   * Leaves the mesh. From then on the mesh is finished for every rank: peers waiting in, or later
   * calling, {@link #allGather} fail instead of hanging.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    group.leave(rank);
    synchronized (GROUPS) {
      if (group.allLeft()) {
        GROUPS.remove(runId, group);
      }
    }
  }

  /** Whether run {@code runId} still has an entry in the JVM-wide table (for tests). */
  static boolean isRegistered(long runId) {
    return GROUPS.containsKey(runId);
  }

  /** The meeting point of one run's ranks: a barrier that, once any rank leaves, fails for all. */
  private static final class Group {
    final int size;
    final byte[][][] slots;
    final boolean[] joined;
    int joinedCount;
    private int arrived;
    private long generation;
    private int left;
    private String failure;

    Group(int size) {
      this.size = size;
      this.slots = new byte[2][size][];
      this.joined = new boolean[size];
    }

    /** Null once all {@code size} ranks arrived; else why the round failed. */
    synchronized String arriveAndAwait(long timeoutMillis) {
      if (failure != null) {
        return failure;
      }
      if (++arrived == size) {
        arrived = 0;
        generation++;
        notifyAll();
        return null;
      }
      long gen = generation;
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      try {
        while (generation == gen && failure == null) {
          long remaining = (deadline - System.nanoTime()) / 1_000_000L;
          if (remaining <= 0) {
            failure = "a peer did not arrive within " + timeoutMillis + " ms (dead or stuck peer)";
            notifyAll();
            break;
          }
          wait(remaining);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "a rank was interrupted";
        notifyAll();
      }
      return generation != gen ? null : failure;
    }

    synchronized void leave(int rank) {
      left++;
      if (failure == null) {
        failure = "rank " + rank + " left the mesh";
      }
      notifyAll();
    }

    synchronized boolean allLeft() {
      return left == joinedCount;
    }
  }
}
