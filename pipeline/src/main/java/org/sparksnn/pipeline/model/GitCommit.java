package org.sparksnn.pipeline.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The spark-snn commit a model was trained with, for its {@link Provenance}. */
public final class GitCommit {
  /** What {@link #of} returns outside a git checkout. */
  public static final String UNKNOWN = "unknown";

  private GitCommit() {}

  /**
   * {@code git rev-parse HEAD} of the spark-snn checkout this JVM runs from ({@code
   * -Dsparksnn.root}, which {@code bin/spark-snn} sets; else the working directory), or {@link
   * #UNKNOWN}.
   */
  public static String ofThisCheckout() {
    return of(System.getProperty("sparksnn.root", "."));
  }

  /** {@code git rev-parse HEAD} of the checkout at {@code root} (40 hex digits), or {@link #UNKNOWN}. */
  public static String of(String root) {
    try {
      Process p =
          new ProcessBuilder("git", "-C", root, "rev-parse", "HEAD")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
    } catch (IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return UNKNOWN;
  }
}
