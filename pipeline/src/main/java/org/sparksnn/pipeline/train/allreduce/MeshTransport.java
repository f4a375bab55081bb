package org.sparksnn.pipeline.train.allreduce;

/** How the replicas of a barrier stage exchange gradients. Results do not depend on it. */
public enum MeshTransport {
  /**
   * {@link InProcessMesh} when every replica runs in the same executor JVM (e.g. {@code local[n]},
   * or one executor with several task slots), else {@link TcpAllReduce}.
   */
  AUTO,
  /** Always {@link TcpAllReduce}, even between tasks of one JVM (for comparison and diagnosis). */
  TCP
}
