package org.sparksnn.ops.net;

/**
 * Whether the network kernels use {@link VectorLoops} (JDK 17's incubating Vector API) for the
 * elementwise loops that mix float and double, which C2 in JDK 17 leaves scalar, for the dense
 * layers' event-driven sums and for {@link ParameterSet#allFinite}. Both paths compute the same
 * bits; the vector one needs the module {@code jdk.incubator.vector} in the JVM ({@code
 * --add-modules=jdk.incubator.vector}, which {@code bin/spark-snn}, the cluster scripts and the
 * tests pass) and 512-bit vectors in C2 (AVX-512; elsewhere the Vector API would emulate them in
 * Java), and can be switched off with {@code -Dsparksnn.simd=false}. Decided once per JVM.
 */
final class Simd {
  /** True if the vector loops are used. */
  static final boolean ENABLED =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && !"false".equals(System.getProperty("sparksnn.simd"))
          && VectorLoops.supported();

  private Simd() {}

  /**
   * Whether a layer run uses the vector loops: in evaluation only. Until C2 has compiled them,
   * Vector API loops run far slower than scalar ones (their vectors are objects in the interpreter
   * and in C1 code), which costs a JVM's first training epoch about 15 % at batch 32, where a
   * step's output loop is short; evaluation runs them over whole batches at every step.
   */
  static boolean forRun(Layer.RunContext ctx) {
    return ENABLED && !ctx.training();
  }

  /**
   * Whether the dense layers' event-driven kernels use the vector loops: in training too, where
   * they halve the kernels' time at 256 rows. Their first use costs a JVM's first training steps
   * about 0.25 s (linking, then vectors as objects until C2 has compiled them; session 19 timed
   * it), which a training run earns back within its first epoch at batch 256 and from its second
   * at batch 32, where a warm epoch gains about 0.1 s (BENCHMARKS.md, sessions 18–19).
   */
  static boolean forDenseKernels() {
    return ENABLED;
  }
}
