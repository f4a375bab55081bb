package org.sparksnn.pipeline.train.allreduce;

/**
 * In what order {@link TcpAllReduce#allReduce} moves and reduces the replicas' fixed-point
 * gradients. The result is the same bits whichever is used; only the traffic differs. Measured with
 * {@code bench/allreduce.sh} (BENCHMARKS.md, session 35; 795 KB per replica, 2 cores): on loopback
 * the gathered schedule was faster at 2 to 8 ranks (ring/gathered 0.99–1.49), and with each rank's
 * sending rate capped at 1 Gbit/s, like hosts on a 1 Gbit network, the ring was faster from 3
 * ranks on (0.52–0.76).
 */
public enum AllReduceSchedule {
  /** {@link #RING} from 3 replicas on more than one host, else {@link #GATHER} (default). */
  AUTO,
  /**
   * Every replica sends its whole vector to every other one and folds all of them in rank order:
   * one round; each replica sends and receives {@code replicas − 1} vectors.
   */
  GATHER,
  /**
   * Ring reduce-scatter then all-gather ({@link RingAllReduce}): {@code 2·(replicas − 1)} rounds;
   * each replica sends and receives {@code 2·(replicas − 1)/replicas} of a vector.
   */
  RING
}
