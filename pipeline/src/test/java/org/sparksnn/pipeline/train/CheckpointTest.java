package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;

class CheckpointTest {

  private static Checkpoint sample(long step) {
    ParameterSet p =
        ParameterSet.builder()
            .add("d/kernel", new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, 0, -0f})
            .add("d/bias", new int[] {3}, new float[] {0.25f, 7, -9})
            .build();
    ParameterSet m = p.copy();
    m.scaleInPlace(0.5);
    return new Checkpoint("abc123", step, p, new OptimizerState(step, List.of(m, p.zerosLike())));
  }

  @Test
  void roundTripsBitForBit() {
    Checkpoint c = sample(42);
    Checkpoint back = Checkpoint.fromBytes(c.toBytes(), "mem");
    assertEquals("abc123", back.configHash());
    assertEquals(42, back.step());
    assertEquals(c.params().contentHash(), back.params().contentHash());
    assertEquals(42, back.optimizerState().step());
    assertEquals(2, back.optimizerState().slots().size());
    assertEquals(
        c.optimizerState().slots().get(0).contentHash(),
        back.optimizerState().slots().get(0).contentHash());
  }

  @Test
  void carriesTheTrainingLogOfEveryStepAndReadsCheckpointsWithoutOne() throws Exception {
    Checkpoint c = sample(3);
    TrainingLog log =
        new TrainingLog(
            new double[] {2.5, 1.25, Double.MIN_VALUE},
            new double[] {0, 0.5, -0.0},
            new int[] {3, 7, 9},
            new double[] {0.1, 0.2, 0.35},
            new double[] {0.75, Double.NaN});
    Checkpoint logged =
        new Checkpoint(c.configHash(), 3, c.params(), c.optimizerState(), log);
    TrainingLog back = Checkpoint.fromBytes(logged.toBytes(), "mem").log();
    assertArrayEquals(log.loss(), back.loss());
    assertArrayEquals(log.regularization(), back.regularization());
    assertArrayEquals(log.correct(), back.correct());
    assertArrayEquals(log.endSeconds(), back.endSeconds());
    assertArrayEquals(log.validation(), back.validation());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Checkpoint(c.configHash(), 4, c.params(), c.optimizerState(), log));

    // a checkpoint of the first format: no flag, no log
    byte[] v2 = c.toBytes();
    java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
    v1.write("SNNCKPT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    v1.write(v2, 8, v2.length - 8 - 32 - 1);
    v1.write(java.security.MessageDigest.getInstance("SHA-256").digest(v1.toByteArray()));
    Checkpoint old = Checkpoint.fromBytes(v1.toByteArray(), "v1.bin");
    assertEquals(3, old.step());
    assertEquals(c.params().contentHash(), old.params().contentHash());
    assertEquals(null, old.log());
  }

  @Test
  void detectsCorruptionAndTruncation() {
    byte[] b = sample(1).toBytes();
    b[40] ^= 1;
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> Checkpoint.fromBytes(b, "x.bin"));
    assertTrue(e.getMessage().contains("x.bin: checkpoint checksum mismatch"), e.getMessage());
    byte[] cut = java.util.Arrays.copyOf(sample(1).toBytes(), 50);
    assertThrows(DataFormatException.class, () -> Checkpoint.fromBytes(cut, "y.bin"));
    assertThrows(DataFormatException.class, () -> Checkpoint.fromBytes(new byte[64], "z.bin"));
  }

  @Test
  void storeKeepsTheNewestAndSkipsAnUnreadableOne(@TempDir Path dir) throws Exception {
    CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration());
    for (long s = 1; s <= 5; s++) {
      store.write(sample(s));
    }
    assertEquals(List.of(3L, 4L, 5L), store.steps());
    Files.write(dir.resolve("ckpt-000000000005.bin"), new byte[] {1, 2, 3});
    assertEquals(4, store.latest("abc123").orElseThrow().step());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("_tmp")));
    }
  }
}
