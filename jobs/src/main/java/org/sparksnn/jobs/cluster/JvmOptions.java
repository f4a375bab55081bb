package org.sparksnn.jobs.cluster;

import java.util.List;

/**
 * The JVM options of spark-snn's JVMs on Java 17: Spark's module list ({@code
 * org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()}, which Spark also gives its
 * executors), the Vector API module, and the JIT setting of the vector loops ({@link #executor()}
 * is what executors get on top of Spark's own options).
 */
public final class JvmOptions {
  private JvmOptions() {}

  /**
   * C2 compiles {@code VectorLoops}' methods after a fifth of the usual calls and loop iterations.
   * Until C2 has compiled a Vector API loop, it runs with every vector as an object, tens of times
   * slower than the scalar loops; the default thresholds left a JVM's first training epoch at
   * batch 32 about as fast as PyTorch's. With this setting that epoch was faster in 10 of 10
   * alternated JVMs (median 66,150 against 58,050 samples/s) and the inference right after it
   * steadier; the same bits (BENCHMARKS.md, session 21). A fifth, not a hundredth: from a
   * hundredth of the calls (session 19) C2 compiled from too short a profile and threw the code
   * away again. The first option keeps the JVM from printing the command at start-up.
   */
  public static final List<String> VECTOR_LOOPS_JIT =
      List.of(
          "-XX:CompileCommand=quiet",
          "-XX:CompileCommand=option,org.sparksnn.ops.net.VectorLoops::*,double,"
              + "CompileThresholdScaling,0.2");

  private static final List<String> OPENS =
      List.of(
          "java.base/java.lang",
          "java.base/java.lang.invoke",
          "java.base/java.lang.reflect",
          "java.base/java.io",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/java.util",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/jdk.internal.ref",
          "java.base/sun.nio.ch",
          "java.base/sun.nio.cs",
          "java.base/sun.security.action",
          "java.base/sun.util.calendar",
          "java.security.jgss/sun.security.krb5");

  /** The options, in launcher order. */
  public static List<String> spark() {
    List<String> out = new java.util.ArrayList<>();
    out.add("-XX:+IgnoreUnrecognizedVMOptions");
    out.add("--add-modules=jdk.incubator.vector");
    out.addAll(VECTOR_LOOPS_JIT);
    for (String o : OPENS) {
      out.add("--add-opens=" + o + "=ALL-UNNAMED");
    }
    out.add("-Djdk.reflect.useDirectMethodHandle=false");
    out.add("-Dio.netty.tryReflectionSetAccessible=true");
    return List.copyOf(out);
  }

  /**
   * The options executors need beyond Spark's own, as one {@code spark.executor.defaultJavaOptions}
   * value: {@link #VECTOR_LOOPS_JIT}. (Spark 4.1's own executor options already add the Vector API
   * module, and the {@code --add-opens} list.)
   */
  public static String executor() {
    List<String> out = new java.util.ArrayList<>();
    out.add("-XX:+IgnoreUnrecognizedVMOptions");
    out.addAll(VECTOR_LOOPS_JIT);
    return String.join(" ", out);
  }
}
