package org.sparksnn.jobs.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/** Hashes and version facts for provenance: config hash, data fingerprint, git commit. */
final class Fingerprints {
  private Fingerprints() {}

  /** SHA-256 of a string, hex. */
  static String sha256(String text) {
    MessageDigest md = digest();
    return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 over byte arrays in order, hex. */
  static String sha256(byte[]... parts) {
    MessageDigest md = digest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * {@code git rev-parse HEAD} of the spark-snn checkout this JVM runs from ({@code
   * -Dsparksnn.root}, which {@code bin/spark-snn} sets; else the working directory), or {@code
   * unknown}.
   */
  static String gitCommit() {
    return gitCommit(System.getProperty("sparksnn.root", "."));
  }

  /** {@code git rev-parse HEAD} of the checkout at {@code root}, or {@code unknown}. */
  static String gitCommit(String root) {
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
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
