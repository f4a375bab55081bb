package org.sparksnn.pipeline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.pipeline.hdfs.HdfsFixtures;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.train.Checkpoint;
import org.sparksnn.pipeline.train.CheckpointStore;

/**
 * Disk full and permission denied while writing outputs: the error names the path and the cause,
 * and nothing a reader would take for complete is left behind (the previous output, if any, stays
 * intact). Faults come from {@link FaultyFileSystem} (injected {@code IOException("No space left
 * on device")} mid-write, {@code AccessControlException} on create); where the test can mount a
 * tiny tmpfs (root with CAP_SYS_ADMIN), the same is checked against a real full and a real
 * read-only file system.
 */
class WriteFaultsTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = FaultyFileSystem.configure(new Configuration());
  private java.nio.file.Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static NetworkSpec spec() {
    return HdfsFixtures.spec("relu", 4);
  }

  private void writeModel(Path dir, ParameterSet w, boolean overwrite) {
    ModelDirectory.write(dir, new ModelFile(1, ArchitectureConfig.of(spec()), null, null), w, conf, overwrite);
  }

  /** Nothing but hidden leftovers in {@code dir}. */
  private static void assertNoVisibleOutput(java.nio.file.Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var files = Files.list(dir)) {
        List<String> visible =
            files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        assertEquals(List.of(), visible);
      }
    }
  }

  @Test
  void diskFullWhileWritingAModelNamesThePathAndLeavesNoOutput() throws Exception {
    conf.setLong(FaultyFileSystem.FAIL_AFTER_BYTES, 1000);
    conf.set(FaultyFileSystem.FAIL_NAME, "weights\\.npz");
    Path target = FaultyFileSystem.path(tmp.resolve("out/model"));
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> writeModel(target, HdfsFixtures.weights(spec(), 1), false));
    assertTrue(e.getMessage().startsWith("file:" + tmp.resolve("out/.model.tmp-")), e.getMessage());
    assertTrue(e.getMessage().endsWith(": cannot write model: No space left on device"), e.getMessage());
    assertFalse(OutputDir.isComplete(target, conf));
    assertFalse(Files.exists(tmp.resolve("out/model")));
    try (var files = Files.list(tmp.resolve("out"))) {
      assertEquals(0, files.count(), "the partial temporary directory was removed");
    }
    assertEquals(1, conf.getInt(FaultyFileSystem.INJECTED, 0));
  }

  @Test
  void diskFullWhileReplacingAModelKeepsThePreviousOne() {
    Path target = FaultyFileSystem.path(tmp.resolve("model"));
    ParameterSet old = HdfsFixtures.weights(spec(), 2);
    writeModel(target, old, false);
    conf.setLong(FaultyFileSystem.FAIL_AFTER_BYTES, 100);
    conf.set(FaultyFileSystem.FAIL_NAME, "weights\\.npz");
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> writeModel(target, HdfsFixtures.weights(spec(), 3), true));
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertEquals(1, conf.getInt(FaultyFileSystem.INJECTED, 0));
    conf.unset(FaultyFileSystem.FAIL_AFTER_BYTES);
    assertTrue(OutputDir.isComplete(target, conf));
    assertEquals(old.contentHash(), ModelDirectory.read(target, conf).weights().contentHash());
  }

  @Test
  void diskFullWhileCheckpointingKeepsTheNewestGoodCheckpoint() {
    CheckpointStore store = new CheckpointStore(FaultyFileSystem.path(tmp.resolve("ckpt")).toString(), conf);
    ParameterSet p = HdfsFixtures.weights(spec(), 4);
    store.write(new Checkpoint("h", 10, p, new OptimizerState(10, List.of(p.zerosLike()))));
    conf.setLong(FaultyFileSystem.FAIL_AFTER_BYTES, 512);
    ParameterSet q = HdfsFixtures.weights(spec(), 5);
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> store.write(new Checkpoint("h", 20, q, new OptimizerState(20, List.of(q.zerosLike())))));
    assertTrue(e.getMessage().startsWith("file:" + tmp.resolve("ckpt")), e.getMessage());
    assertTrue(e.getMessage().contains("ckpt-"), e.getMessage());
    assertTrue(e.getMessage().endsWith("cannot write checkpoint: No space left on device"), e.getMessage());
    assertEquals(1, conf.getInt(FaultyFileSystem.INJECTED, 0));
    conf.unset(FaultyFileSystem.FAIL_AFTER_BYTES);
    Checkpoint latest = store.latest("h").orElseThrow();
    assertEquals(10, latest.step());
    assertEquals(p.contentHash(), latest.params().contentHash());
    assertEquals(List.of(10L), store.steps());
  }

  @Test
  void permissionDeniedNamesThePathAndTheCause() {
    conf.setBoolean(FaultyFileSystem.DENY_WRITES, true);
    conf.set(FaultyFileSystem.FAIL_NAME, "model\\.yaml");
    Path target = FaultyFileSystem.path(tmp.resolve("denied/model"));
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> writeModel(target, HdfsFixtures.weights(spec(), 6), false));
    assertTrue(e.getMessage().contains(": cannot write model: permission denied (Permission denied: user="), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("denied/model")));
    assertEquals(1, conf.getInt(FaultyFileSystem.INJECTED, 0));
  }

  /** Mounts a tmpfs of {@code kib} KiB at {@code dir}; false if this process may not mount. */
  private boolean mountTmpfs(java.nio.file.Path dir, int kib) throws Exception {
    Files.createDirectories(dir);
    Process p;
    try {
      p =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      return false;
    }
    p.getInputStream().readAllBytes();
    if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
      mounted = dir;
      return true;
    }
    return false;
  }

  @Test
  void realFullTmpfsGivesTheSameErrorAndNoOutput() throws Exception {
    assumeTrue(mountTmpfs(tmp.resolve("small"), 64), "cannot mount a tmpfs here");
    Configuration local = new Configuration();
    Path target = new Path(tmp.resolve("small/model").toUri());
    // 784·16 + 16 + 16·10 + 10 floats: weights.npz is about 51 kB, model.yaml small; a second
    // file of the same size does not fit into 64 KiB
    ParameterSet w = HdfsFixtures.weights(spec(), 7);
    Files.write(tmp.resolve("small/filler"), new byte[30_000]);
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> ModelDirectory.write(target, new ModelFile(1, ArchitectureConfig.of(spec()), null, null), w, local, false));
    assertTrue(e.getMessage().startsWith("file:" + tmp.resolve("small/.model.tmp-")), e.getMessage());
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    assertFalse(OutputDir.isComplete(target, local));
    assertNoVisibleOutput(tmp.resolve("small/model"));
    assertFalse(Files.exists(tmp.resolve("small/model")));
  }

  @Test
  void realReadOnlyFileSystemNamesThePathAndTheCause() throws Exception {
    assumeTrue(mountTmpfs(tmp.resolve("ro"), 64), "cannot mount a tmpfs here");
    Process p = new ProcessBuilder("mount", "-o", "remount,ro", tmp.resolve("ro").toString()).start();
    assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot remount read-only");
    Configuration local = new Configuration();
    Path target = new Path(tmp.resolve("ro/model").toUri());
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> ModelDirectory.write(target, new ModelFile(1, ArchitectureConfig.of(spec()), null, null), HdfsFixtures.weights(spec(), 8), local, false));
    assertTrue(e.getMessage().startsWith("file:" + tmp.resolve("ro/")), e.getMessage());
    assertTrue(e.getMessage().contains("read-only file system"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("ro/model")));
    UncheckedIOException lock =
        assertThrows(
            UncheckedIOException.class,
            () -> OutputLock.acquire(new Path(tmp.resolve("ro/run").toUri()), local, false, "train"));
    assertTrue(lock.getMessage().startsWith("file:" + tmp.resolve("ro/run/" + OutputLock.LOCK_FILE) + ": cannot create output lock: "), lock.getMessage());
  }
}
