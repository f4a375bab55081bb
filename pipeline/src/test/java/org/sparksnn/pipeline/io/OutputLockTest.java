package org.sparksnn.pipeline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.SnnException;

class OutputLockTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = new Configuration();

  private Path dir() {
    return new Path(tmp.resolve("run").toUri());
  }

  private java.nio.file.Path lockFile() {
    return tmp.resolve("run").resolve(OutputLock.LOCK_FILE);
  }

  private void writeLock(LockOwner owner) throws Exception {
    Files.createDirectories(tmp.resolve("run"));
    Files.write(lockFile(), owner.toBytes());
  }

  private static LockOwner owner(String host, long pid, Instant processStart) {
    return new LockOwner(
        host, pid, "alice", Instant.parse("2026-01-02T03:04:05Z"), processStart, "t-1", "train");
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertEquals(0, p.waitFor());
    long pid = p.pid();
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    return pid;
  }

  @Test
  void secondRunRefusesNamingTheDirectoryOwnerAndStartTime() {
    try (OutputLock first = OutputLock.acquire(dir(), conf, false, "train")) {
      SnnException e =
          assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "sweep"));
      String m = e.getMessage();
      LockOwner me = first.owner();
      assertTrue(
          m.startsWith(
              "file:" + tmp.resolve("run") + ": output directory is in use by another run: pid "
                  + ProcessHandle.current().pid()
                  + " on host "
                  + LockOwner.localHost()
                  + " (user "
                  + System.getProperty("user.name")
                  + ", command train), started "
                  + me.started()),
          m);
      assertTrue(m.contains("(lock file file:" + lockFile() + ")"), m);
      // breaking is refused for a live owner, too
      SnnException again =
          assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, true, "sweep"));
      assertTrue(again.getMessage().contains("in use by another run"), again.getMessage());
    }
  }

  @Test
  void anOutputDirectoryThatIsAFileIsAnErrorSayingSo() throws Exception {
    Files.writeString(tmp.resolve("run"), "not a directory");
    SnnException e =
        assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    assertTrue(
        e.getMessage().endsWith("/run: output directory expected, but this is a file"),
        e.getMessage());
    assertEquals("not a directory", Files.readString(tmp.resolve("run")), "left as it was");
  }

  @Test
  void lockIsReleasedOnSuccessAndTheNextRunLocks() {
    try (OutputLock lock = OutputLock.acquire(dir(), conf, false, "encode")) {
      assertTrue(Files.exists(lockFile()));
      assertEquals(lock.owner(), LockOwner.parse(readLock()).orElseThrow());
    }
    assertFalse(Files.exists(lockFile()));
    try (OutputLock next = OutputLock.acquire(dir(), conf, false, "train")) {
      assertTrue(Files.exists(lockFile()));
    }
  }

  @Test
  void aDirectoryTheLockCreatedIsRemovedWhenTheRunLeftItEmpty() throws Exception {
    Path nested = new Path(tmp.resolve("runs").resolve("fresh").toUri());
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (OutputLock lock = OutputLock.acquire(nested, conf, false, "train")) {
            assertTrue(Files.isDirectory(tmp.resolve("runs").resolve("fresh")));
            throw new IllegalStateException("bad input");
          }
        });
    assertFalse(Files.exists(tmp.resolve("runs").resolve("fresh")));
    // with something written, the directory stays (only the lock file goes)
    try (OutputLock lock = OutputLock.acquire(nested, conf, false, "train")) {
      Files.writeString(tmp.resolve("runs").resolve("fresh").resolve("history.csv"), "epoch\n");
    }
    assertTrue(Files.exists(tmp.resolve("runs").resolve("fresh").resolve("history.csv")));
    assertFalse(Files.exists(tmp.resolve("runs").resolve("fresh").resolve(OutputLock.LOCK_FILE)));
  }

  @Test
  void aDirectoryThatExistedBeforeIsKeptEvenIfEmpty() throws Exception {
    Files.createDirectories(tmp.resolve("run"));
    try (OutputLock lock = OutputLock.acquire(dir(), conf, false, "train")) {
      assertTrue(Files.exists(lockFile()));
    }
    assertTrue(Files.isDirectory(tmp.resolve("run")));
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void lockIsReleasedWhenTheRunFails() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (OutputLock lock = OutputLock.acquire(dir(), conf, false, "train")) {
                throw new IllegalStateException("stage failed");
              }
            });
    assertEquals("stage failed", e.getMessage());
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void staleLockOfADeadProcessNeedsTheBreakFlag() throws Exception {
    long pid = deadPid();
    writeLock(owner(LockOwner.localHost(), pid, null));
    SnnException e =
        assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    assertEquals(
        "file:"
            + tmp.resolve("run")
            + ": output directory is locked by a run that is no longer running: pid "
            + pid
            + " on host "
            + LockOwner.localHost()
            + " (user alice, command train), started 2026-01-02T03:04:05Z (lock file file:"
            + lockFile()
            + "); re-run with --break-lock (config: output.breakLock: true) to take it over",
        e.getMessage());
    try (OutputLock lock = OutputLock.acquire(dir(), conf, true, "train")) {
      assertEquals(ProcessHandle.current().pid(), LockOwner.parse(readLock()).orElseThrow().pid());
      assertEquals(lock.owner().token(), LockOwner.parse(readLock()).orElseThrow().token());
    }
    assertFalse(Files.exists(lockFile()));
    try (var files = Files.list(tmp.resolve("run"))) {
      assertEquals(0, files.count(), "the broken lock is deleted, not left aside");
    }
  }

  @Test
  void breakingTheLockOfAKilledRunRemovesWhatItLeftHalfWritten() throws Exception {
    writeLock(owner(LockOwner.localHost(), deadPid(), null));
    java.nio.file.Path run = tmp.resolve("run");
    List<java.nio.file.Path> files =
        List.of(
            run.resolve(".encoded.tmp-a96c4413/part-00000.parquet"),
            run.resolve("checkpoints/_tmp-ckpt-200-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"),
            run.resolve("sweep/points/.3f2a.json.tmp-1b2c3d4e"),
            run.resolve("model/weights.npz"),
            run.resolve("checkpoints/ckpt-000000000100.bin"),
            run.resolve(".notes.tmp-by-hand"),
            run.resolve("sweep/points/3f2a.json"));
    for (java.nio.file.Path f : files) {
      Files.createDirectories(f.getParent());
      Files.writeString(f, "x");
    }
    try (OutputLock lock = OutputLock.acquire(dir(), conf, true, "train")) {
      assertFalse(Files.exists(run.resolve(".encoded.tmp-a96c4413")), "output temporary left");
      assertFalse(Files.exists(files.get(1)), "checkpoint temporary left");
      assertFalse(Files.exists(files.get(2)), "point temporary left");
      for (java.nio.file.Path f : files.subList(3, files.size())) {
        assertTrue(Files.exists(f), f + " removed");
      }
    }
  }

  @Test
  void reusedPidCountsAsDead() throws Exception {
    // our own pid, but recorded with another process start time: a new process reused the pid
    writeLock(owner(LockOwner.localHost(), ProcessHandle.current().pid(), Instant.EPOCH));
    assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    OutputLock.acquire(dir(), conf, true, "train").close();
  }

  @Test
  void lockOfAProcessOnAnotherHostIsNeverBroken() throws Exception {
    writeLock(owner("elsewhere.example", 4242, null));
    SnnException e =
        assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, true, "train"));
    assertTrue(e.getMessage().contains("pid 4242 on host elsewhere.example"), e.getMessage());
    assertTrue(e.getMessage().endsWith("delete the lock file by hand (a process on another host"
        + " cannot be checked from here)"), e.getMessage());
    assertTrue(Files.exists(lockFile()));
  }

  @Test
  void unreadableLockIsBrokenOnlyOnceItIsOld() throws Exception {
    Files.createDirectories(tmp.resolve("run"));
    Files.write(lockFile(), new byte[] {'h', 'o'}); // a lock file cut while being written
    SnnException fresh =
        assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, true, "train"));
    assertTrue(fresh.getMessage().contains("an unknown owner"), fresh.getMessage());
    Files.setLastModifiedTime(
        lockFile(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    OutputLock.acquire(dir(), conf, true, "train").close();
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void ofManyConcurrentAcquiresExactlyOneWins() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<OutputLock>> tries = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      tries.add(
          pool.submit(
              () -> {
                go.await();
                return OutputLock.acquire(dir(), conf, false, "train");
              }));
    }
    go.countDown();
    List<OutputLock> won = new ArrayList<>();
    int refused = 0;
    for (Future<OutputLock> f : tries) {
      try {
        won.add(f.get(30, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof SnnException, e.getCause().toString());
        refused++;
      }
    }
    pool.shutdown();
    assertEquals(1, won.size());
    assertEquals(threads - 1, refused);
    won.get(0).close();
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void runKilledWithSigtermReleasesItsLock() throws Exception {
    Process holder = LockHolder.start(dir());
    assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    holder.destroy(); // SIGTERM: the shutdown hook releases the lock
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(lockFile()));
    OutputLock.acquire(dir(), conf, false, "train").close();
  }

  @Test
  void runKilledWithSigkillLeavesAStaleLockThatTheFlagBreaks() throws Exception {
    Process holder = LockHolder.start(dir());
    long pid = holder.pid();
    holder.destroyForcibly(); // SIGKILL: no hook runs
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    assertEquals(pid, LockOwner.parse(readLock()).orElseThrow().pid());
    SnnException e =
        assertThrows(SnnException.class, () -> OutputLock.acquire(dir(), conf, false, "train"));
    assertTrue(e.getMessage().contains("no longer running: pid " + pid), e.getMessage());
    OutputLock.acquire(dir(), conf, true, "train").close();
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void unwritableLocationNamesTheLockFileAndTheCause() throws Exception {
    Files.writeString(tmp.resolve("file"), "x");
    Path under = new Path(tmp.resolve("file").resolve("run").toUri());
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class, () -> OutputLock.acquire(under, conf, false, "train"));
    assertTrue(
        e.getMessage()
            .startsWith("file:" + tmp.resolve("file/run/" + OutputLock.LOCK_FILE) + ": cannot"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("file:" + tmp.resolve("file") + " is a file, not a directory"),
        e.getMessage());
  }

  @Test
  void lockFileIsPlainTextThatRoundTrips() throws Exception {
    LockOwner o = owner("h", 7, Instant.parse("2026-01-01T00:00:00Z"));
    assertEquals(o, LockOwner.parse(o.toBytes()).orElseThrow());
    assertTrue(LockOwner.parse("host=h\npid=x\n".getBytes()).isEmpty());
    FileSystem fs = dir().getFileSystem(conf);
    try (OutputStream out = fs.create(new Path(dir(), "other"), true)) {
      out.write(1);
    }
    try (OutputLock lock = OutputLock.acquire(dir(), conf, false, "run")) {
      assertTrue(new String(readLock()).startsWith("host=" + LockOwner.localHost() + "\npid="));
    }
  }

  private byte[] readLock() {
    try {
      return Files.readAllBytes(lockFile());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
