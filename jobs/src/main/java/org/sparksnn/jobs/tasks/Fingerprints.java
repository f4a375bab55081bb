package org.sparksnn.jobs.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashes for provenance: config hash and data fingerprint. */
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

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
