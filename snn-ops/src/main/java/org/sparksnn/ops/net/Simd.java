package org.sparksnn.ops.net;

/**
 * Whether the network kernels use {@link VectorLoops} (JDK 17's incubating Vector API) for the
 * elementwise loops that mix float and double, which C2 in JDK 17 leaves scalar. Both paths compute
 * the same bits; the vector one needs the module {@code jdk.incubator.vector} in the JVM ({@code
 * --add-modules=jdk.incubator.vector}, which {@code bin/spark-snn}, the cluster scripts and the
 * tests pass) and can be switched off with {@code -Dsparksnn.simd=false}. Decided once per JVM.
 */
final class Simd {
  /** True if the vector loops are used. */
  static final boolean ENABLED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty("sparksnn.simd"));

  private Simd() {}
}
