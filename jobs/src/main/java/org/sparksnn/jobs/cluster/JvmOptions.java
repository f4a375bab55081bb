package org.sparksnn.jobs.cluster;

import java.util.List;

/**
 * The JVM options Spark's daemons and drivers need on Java 17: the list of {@code
 * org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()} (executors get them from the
 * driver).
 */
public final class JvmOptions {
  private JvmOptions() {}

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
    for (String o : OPENS) {
      out.add("--add-opens=" + o + "=ALL-UNNAMED");
    }
    out.add("-Djdk.reflect.useDirectMethodHandle=false");
    out.add("-Dio.netty.tryReflectionSetAccessible=true");
    return List.copyOf(out);
  }
}
