package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NumericsFingerprintTest {

  @Test
  void theSameJvmGivesTheSameDigestEveryTime() {
    NumericsFingerprint a = NumericsFingerprint.ofThisJvm();
    NumericsFingerprint b = NumericsFingerprint.ofThisJvm();
    assertEquals(a, b);
    assertEquals(16, a.digest().length());
  }

  @Test
  void theDescriptionNamesTheBlasSettingsAndTheJavaRuntime() {
    String d = NumericsFingerprint.ofThisJvm().description();
    assertTrue(d.contains("OPENBLAS_CORETYPE="), d);
    assertTrue(d.contains("OMP_NUM_THREADS="), d);
    assertTrue(d.contains("Java " + System.getProperty("java.runtime.version")), d);
  }

  @Test
  void equalDigestsAreNoMismatch() {
    NumericsFingerprint f = NumericsFingerprint.ofThisJvm();
    assertNull(NumericsFingerprint.mismatch(List.of("replica 0", "replica 1"), List.of(f, f)));
  }

  @Test
  void differentDigestsNameEveryProcessItsSettingsAndTheFix() {
    NumericsFingerprint a = new NumericsFingerprint("00112233aabbccdd", "OPENBLAS_CORETYPE=unset");
    NumericsFingerprint b = new NumericsFingerprint("99887766aabbccdd", "OPENBLAS_CORETYPE=Haswell");
    String msg =
        NumericsFingerprint.mismatch(
            List.of("replica 0 (executor 1, host a)", "replica 1 (executor 2, host b)"),
            List.of(a, b));
    assertTrue(msg.contains("replica 0 (executor 1, host a): 00112233aabbccdd"), msg);
    assertTrue(msg.contains("replica 1 (executor 2, host b): 99887766aabbccdd"), msg);
    assertTrue(msg.contains("OPENBLAS_CORETYPE=Haswell"), msg);
    assertTrue(msg.contains("spark.executorEnv.OPENBLAS_CORETYPE"), msg);
  }

  /**
   * OpenBLAS's SSE-only Nehalem kernels (no fused multiply-add, available on every x86-64 CPU)
   * round the probe's product differently from the kernels it picks on a machine with AVX2: the
   * digest must show it.
   */
  /** OpenBLAS core types whose kernels use SSE only, as Nehalem's do. */
  private static final List<String> SSE_ONLY_CORES =
      List.of("nehalem", "core2", "penryn", "dunnington", "atom", "prescott", "katmai", "opteron",
          "opteron_sse3", "barcelona", "nano");

  @Test
  void anotherOpenBlasKernelFamilyChangesTheDigest() throws Exception {
    String arch = System.getProperty("os.arch");
    assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "x86-64 only");
    assumeTrue(DirectSgemm.available(), "the direct OpenBLAS path");
    // the machine may pin a kernel family for every process (OPENBLAS_CORETYPE=Haswell on some
    // CI machines); the children inherit it, unless told Nehalem
    String pinned = System.getenv("OPENBLAS_CORETYPE");
    assumeTrue(
        pinned == null || !SSE_ONLY_CORES.contains(pinned.toLowerCase(java.util.Locale.ROOT)),
        "this JVM runs kernels with fused multiply-add");
    String mine = NumericsFingerprint.ofThisJvm().digest();
    assertEquals(mine, childDigest(null), "a child with the same settings agrees");
    assertNotEquals(mine, childDigest("Nehalem"));
  }

  private static String childDigest(String coreType) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PrintNumericsFingerprint.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (coreType != null) {
      pb.environment().put("OPENBLAS_CORETYPE", coreType);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
    assertEquals(0, p.exitValue(), out);
    return out.lines()
        .filter(l -> l.startsWith("digest="))
        .map(l -> l.substring("digest=".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no digest in: " + out));
  }
}
