package org.sparksnn.pipeline.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The per-run mesh settings: every {@link MeshConfig#generate} (one per {@code BarrierTrainer.fit})
 * draws a new secret and run id, the secret never leaks through {@code toString} or a caller's
 * array, and a stage attempt's run id keeps the run's secret.
 */
class MeshConfigTest {
  @Test
  void everyGeneratedConfigHasItsOwnSecretAndRunId() {
    Set<String> secrets = new HashSet<>();
    Set<Long> runIds = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      MeshConfig m = MeshConfig.generate();
      assertEquals(MeshConfig.SECRET_BYTES, m.secret().length);
      secrets.add(HexFormat.of().formatHex(m.secret()));
      runIds.add(m.runId());
    }
    assertEquals(200, secrets.size(), "secrets repeat across runs");
    assertEquals(200, runIds.size(), "run ids repeat across runs");
  }

  @Test
  void secretIsHiddenAndCopied() {
    byte[] secret = new byte[16];
    secret[3] = 42;
    MeshConfig m = new MeshConfig(7, secret, 1000, 2000);
    secret[3] = 0; // the caller's array changes; the config's does not
    assertEquals(42, m.secret()[3]);
    byte[] out = m.secret();
    out[3] = 1;
    assertEquals(42, m.secret()[3]);
    assertNotSame(m.secret(), m.secret());
    assertTrue(m.toString().contains("secret=<hidden>"), m.toString());
    assertFalse(m.toString().contains("42"), m.toString());
  }

  @Test
  void attemptRunIdKeepsTheSecret() {
    MeshConfig m = MeshConfig.generate(5, 6);
    MeshConfig attempt = m.withRunId(m.runId() ^ 0x9E3779B97F4A7C15L);
    assertArrayEquals(m.secret(), attempt.secret());
    assertEquals(m.runId() ^ 0x9E3779B97F4A7C15L, attempt.runId());
    assertFalse(m.equals(attempt));
  }

  @Test
  void shortSecretIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MeshConfig(1, new byte[15], 1, 1));
    assertEquals("MeshConfig.secret.length must be >= 16, got 15", e.getMessage());
  }
}
