package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.pipeline.io.LockHolder;
import org.sparksnn.pipeline.io.LockOwner;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.io.OutputLock;

/**
 * The output lock through the CLI: a second run on a locked output directory exits non-zero
 * naming the directory and the owner; {@code --break-lock} takes over the lock of a killed run;
 * the lock is released after success and after failure; a sweep writing outside the run directory
 * locks its own directory too.
 */
@Tag("spark")
class OutputLockCliSparkTest {
  @TempDir static Path tmp;
  private static Path config;

  @BeforeAll
  static void dataAndConfig() throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), 60, 20, 5);
    config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        """
        name: lock-test
        data: {dataset: mnist, dir: %s, fetch: false}
        encode:
          encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}
          partitions: 1
          splits: [test]
        output: {dir: %s}
        """
            .formatted(tmp.resolve("data"), tmp.resolve("run")));
  }

  private static Path lockFile() {
    return tmp.resolve("run").resolve(OutputLock.LOCK_FILE);
  }

  private static CliRun encode(String... extra) {
    String[] base = {"encode", "--conf", config.toString(), "--master", "local[1]"};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void lockedByALiveRunThenKilledRunThenBrokenWithTheFlag() throws Exception {
    Process holder =
        LockHolder.start(new org.apache.hadoop.fs.Path(tmp.resolve("run").toUri()));
    try {
      CliRun busy = encode("--set", "output.overwrite=true");
      assertEquals(2, busy.code(), busy.err());
      assertTrue(
          busy.error()
              .startsWith(
                  "error: file:"
                      + tmp.resolve("run")
                      + ": output directory is in use by another run: pid "
                      + holder.pid()
                      + " on host "
                      + LockOwner.localHost()
                      + " (user "),
          busy.error());
      assertTrue(busy.error().contains("command hold), started 20"), busy.error());
      CliRun stillBusy = encode("--break-lock");
      assertEquals(2, stillBusy.code(), "a live run's lock is never broken");
    } finally {
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    CliRun stale = encode();
    assertEquals(2, stale.code(), stale.err());
    assertTrue(
        stale.error().contains("no longer running: pid " + holder.pid()), stale.error());
    assertTrue(stale.error().contains("re-run with --break-lock"), stale.error());
    assertFalse(Files.exists(tmp.resolve("run/encoded")), "nothing written while locked");

    CliRun broken = encode("--break-lock");
    assertEquals(0, broken.code(), broken.err());
    assertTrue(
        OutputDir.isComplete(
            new org.apache.hadoop.fs.Path(tmp.resolve("run/encoded").toUri()),
            new Configuration()));
    assertFalse(Files.exists(lockFile()), "released after success");
  }

  @Test
  void lockIsReleasedWhenTheStageFails() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        Files.readString(config)
            .replace(tmp.resolve("data").toString(), tmp.resolve("missing").toString())
            .replace(tmp.resolve("run").toString(), tmp.resolve("failed-run").toString()));
    CliRun r = CliRun.of("encode", "--conf", bad.toString(), "--master", "local[1]");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.error().contains(tmp.resolve("missing").toString()), r.error());
    assertFalse(Files.exists(tmp.resolve("failed-run").resolve(OutputLock.LOCK_FILE)));
  }

  @Test
  void aSweepOutsideTheRunDirectoryIsLockedTooAndABusyOneReleasesTheRunLock() throws Exception {
    Path sweepDir = tmp.resolve("elsewhere/sweep");
    Path cfg = tmp.resolve("sweep.yaml");
    Files.writeString(
        cfg,
        Files.readString(config).replace(tmp.resolve("run").toString(), tmp.resolve("sweep-run").toString())
            + "sweep: {output: " + sweepDir + ", models: [" + tmp.resolve("no-model") + "]}\n");
    try (OutputLock held =
        OutputLock.acquire(
            new org.apache.hadoop.fs.Path("file:" + sweepDir), new Configuration(), false, "sweep")) {
      CliRun r = CliRun.of("sweep", "--conf", cfg.toString(), "--master", "local[1]");
      assertEquals(2, r.code(), r.err());
      assertTrue(
          r.error()
              .startsWith(
                  "error: file:"
                      + sweepDir
                      + ": output directory is in use by another run: pid "
                      + ProcessHandle.current().pid()),
          r.error());
      assertFalse(
          Files.exists(tmp.resolve("sweep-run").resolve(OutputLock.LOCK_FILE)),
          "the run directory's lock is released when the sweep directory's is refused");
    }
  }

  @Test
  void aSweepWritingIntoTheRunDirectoryItselfIsNotRefusedByItsOwnLock() throws Exception {
    Path run = tmp.resolve("self-run");
    for (String output : java.util.List.of(run.toString(), run + "/")) {
      Path cfg = tmp.resolve("self.yaml");
      Files.writeString(
          cfg,
          Files.readString(config).replace(tmp.resolve("run").toString(), run.toString())
              + "sweep: {output: \"" + output + "\", models: [" + tmp.resolve("no-model") + "]}\n");
      CliRun r = CliRun.of("sweep", "--conf", cfg.toString(), "--master", "local[1]");
      assertEquals(2, r.code(), r.err());
      // it gets as far as reading its models: the one named here does not exist
      assertTrue(
          r.error().contains("no-model: model directory not found"), output + ": " + r.error());
      assertFalse(Files.exists(run.resolve(OutputLock.LOCK_FILE)), "released");
    }
  }
}
