package org.sparksnn.ops.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;

/**
 * NPZ reading under hostile input: decompression bombs (one entry, many entries, an archive much
 * larger than the network it claims to hold) and random byte mutations of a valid weights file.
 * Every failure is a {@link DataFormatException} naming the file, found before the bomb is inflated.
 */
class NpzSafetyTest {
  /** Mutants of a valid weights.npz read by {@link #fuzzedWeightsFilesOnlyFailWithDataFormatException}. */
  static final int FUZZ_MUTANTS = 2000;

  private static final NetworkSpec SPEC =
      new NetworkSpec(
          new int[] {12},
          List.of(
              new LayerSpec.Dense("d0", 8, true),
              LayerSpec.Activation.of("a0", "relu"),
              new LayerSpec.Dense("out", 3, true)),
          0.001,
          2);

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /**
   * A zip of {@code count} valid float32 arrays of {@code zeroBytes / 4} zeros each (they compress
   * about 1000:1); entries are streamed, so their size is not known up front.
   */
  private static byte[] zerosZip(int count, int zeroBytes) throws IOException {
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    Npz.writeNpy(npy, NpyArray.ofFloats(new int[] {zeroBytes / 4}, new float[zeroBytes / 4]));
    byte[] entry = npy.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int e = 0; e < count; e++) {
        z.putNextEntry(new ZipEntry("zeros" + e + ".npy"));
        z.write(entry);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static ParameterSet weights() {
    ParameterSet.Builder b = ParameterSet.builder();
    int seed = 1;
    for (var e : Network.parameterShapes(SPEC).entrySet()) {
      int n = Arrays.stream(e.getValue()).reduce(1, (x, y) -> x * y);
      float[] v = new float[n];
      for (int k = 0; k < n; k++) {
        v[k] = (float) Math.sin(seed++ * 0.91);
      }
      b.add(e.getKey(), e.getValue(), v);
    }
    return b.build();
  }

  @Test
  void entryInflatingFarBeyondTheLimitStopsAtTheLimit() throws IOException {
    byte[] bomb = zerosZip(1, 64 << 20); // 64 MiB of zeros in ~64 kB
    assertTrue(bomb.length < 256 << 10, "bomb is small: " + bomb.length);
    long before = allocatedBytes();
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(bomb), "bomb.npz", 1 << 20));
    long used = allocatedBytes() - before;
    assertTrue(e.getMessage().startsWith("bomb.npz: entry 'zeros0.npy' is larger (more than "), e.getMessage());
    assertTrue(e.getMessage().endsWith("than the limit 1048576"), e.getMessage());
    assertTrue(used < 12L << 20, "allocated " + used + " bytes, not the 64 MiB the bomb holds");
  }

  @Test
  void manyEntriesUnderTheEntryLimitHitTheTotalLimit() throws IOException {
    byte[] bomb = zerosZip(400, 1 << 20); // 400 MiB in total, 1 MiB per entry
    long before = allocatedBytes();
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(bomb), "many.npz", 2 << 20, 8 << 20));
    long used = allocatedBytes() - before;
    assertTrue(e.getMessage().startsWith("many.npz: entries hold more than "), e.getMessage());
    assertTrue(e.getMessage().contains("8388608 bytes in total"), e.getMessage());
    // a few copies per inflated entry, proportional to the 8 MiB limit, not to the 400 MiB
    assertTrue(used < 80L << 20, "allocated " + used + " bytes, stopped near the 8 MiB limit");
  }

  @Test
  void weightsFileBoundsTheArchiveByTheNetworkItLoads() throws IOException {
    // the network holds 131 floats; an archive with a 64 MiB extra entry is rejected while
    // reading that entry, long before the "does not belong to the network" check
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WeightsFile.write(out, weights());
    byte[] extra = zerosZip(1, 64 << 20);
    byte[] combined = appendEntries(out.toByteArray(), extra);
    long before = allocatedBytes();
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(combined), "weights.npz", SPEC));
    long used = allocatedBytes() - before;
    assertTrue(e.getMessage().startsWith("weights.npz: entry 'zeros0.npy' is larger"), e.getMessage());
    assertTrue(used < 12L << 20, "allocated " + used + " bytes");
    // the valid file alone still loads
    assertEquals(
        weights().contentHash(),
        WeightsFile.read(new ByteArrayInputStream(out.toByteArray()), "weights.npz", SPEC)
            .contentHash());
  }

  /** A zip holding the entries of {@code a} then those of {@code b} (re-compressed). */
  private static byte[] appendEntries(byte[] a, byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (byte[] src : new byte[][] {a, b}) {
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(src))) {
          ZipEntry e;
          while ((e = in.getNextEntry()) != null) {
            z.putNextEntry(new ZipEntry(e.getName()));
            in.transferTo(z);
            z.closeEntry();
          }
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void fuzzedWeightsFilesOnlyFailWithDataFormatException() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WeightsFile.write(out, weights());
    byte[] valid = out.toByteArray();
    Random rng = new Random(20261123);
    int[] outcomes = new int[2];
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int trial = 0; trial < FUZZ_MUTANTS; trial++) {
            byte[] b = valid.clone();
            int mutations = 1 + rng.nextInt(4);
            for (int m = 0; m < mutations; m++) {
              int pos = rng.nextInt(b.length);
              b[pos] =
                  rng.nextBoolean() ? (byte) rng.nextInt(256) : (byte) (b[pos] ^ 1 << rng.nextInt(8));
            }
            if (rng.nextInt(4) == 0) {
              b = Arrays.copyOf(b, rng.nextInt(b.length + 1));
            }
            long before = allocatedBytes();
            try {
              WeightsFile.read(new ByteArrayInputStream(b), "weights.npz", SPEC);
              outcomes[0]++;
            } catch (DataFormatException e) {
              assertTrue(e.getMessage().startsWith("weights.npz: "), e.getMessage());
              outcomes[1]++;
            } catch (Throwable t) {
              fail("mutant " + trial + ": " + t, t);
            }
            long used = allocatedBytes() - before;
            assertTrue(used < 4L << 20, "mutant " + trial + " allocated " + used + " bytes");
          }
        });
    assertEquals(FUZZ_MUTANTS, outcomes[0] + outcomes[1]);
    assertTrue(outcomes[1] > FUZZ_MUTANTS / 2, "most mutants fail: " + Arrays.toString(outcomes));
  }
}
