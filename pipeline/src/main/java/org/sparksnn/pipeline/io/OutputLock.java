package org.sparksnn.pipeline.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SnnException;

/**
 * An exclusive lock on an output directory, so two runs never write the same directory: the file
 * {@code <dir>/}{@value #LOCK_FILE} holds its {@link LockOwner} (host, pid, user, start time).
 *
 * <p>The lock file is created exclusively: on HDFS with {@code FileSystem.create(path,
 * overwrite=false)} (atomic in the NameNode); on the local file system with {@code O_CREAT|O_EXCL}
 * ({@link StandardOpenOption#CREATE_NEW}), because Hadoop's local {@code create} checks and then
 * creates. Object stores without atomic create (s3a) give no such guarantee.
 *
 * <p>A second {@link #acquire} fails with an {@link SnnException} naming the directory, the owner
 * and the lock file. A lock whose owner is verifiably gone (same host, pid not alive or reused) is
 * stale: it is taken over only when {@code breakStale} is set (CLI {@code --break-lock}, config
 * {@code output.breakLock}); a lock file that cannot be parsed counts as stale once it is older
 * than {@value #UNREADABLE_GRACE_MILLIS} ms. A live lock is never broken, and neither is the lock
 * of a process on another host (it cannot be checked; the message says to delete the file by
 * hand).
 *
 * <p>Call order: {@link #acquire}, write, then {@link #close} (releases the lock on success and on
 * failure; use try-with-resources). A JVM shutdown hook releases it on {@code SIGTERM} / Ctrl-C;
 * a killed JVM ({@code SIGKILL}) leaves a stale lock.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

  /** Name of the lock file inside the locked directory. */
  public static final String LOCK_FILE = "_SPARKSNN_LOCK";

  /** Age after which an unparseable lock file counts as stale, ms. */
  public static final long UNREADABLE_GRACE_MILLIS = 10_000;

  private static final int ATTEMPTS = 3;

  /** Names of the temporaries a killed run leaves, removed when its lock is broken. */
  private static final java.util.regex.Pattern LEFTOVER =
      java.util.regex.Pattern.compile("\\..+\\.tmp-[0-9a-f]{8}|_tmp-ckpt-\\d+-[0-9a-f-]{36}");

  /** How many directory levels below the locked one are searched for leftovers. */
  private static final int LEFTOVER_DEPTH = 4;

  private final Path dir;
  private final Path lockFile;
  private final Configuration conf;
  private final LockOwner owner;
  /** Whether acquiring the lock created {@code dir}: then releasing it removes it if still empty. */
  private final boolean createdDir;
  private final Thread shutdownHook;
  private boolean released;

  private OutputLock(
      Path dir, Path lockFile, Configuration conf, LockOwner owner, boolean createdDir) {
    this.dir = dir;
    this.lockFile = lockFile;
    this.conf = conf;
    this.owner = owner;
    this.createdDir = createdDir;
    this.shutdownHook = new Thread(this::release, "release-" + LOCK_FILE);
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: nothing to register
    }
  }

  /**
   * Locks {@code dir} (created if missing, and then removed again on release if the run left it
   * empty: a run that fails before writing leaves nothing behind) for the current process.
   *
   * @param dir the output directory (any Hadoop path)
   * @param breakStale take over a stale lock (see the class doc); never breaks a live one
   * @param command what this process runs, recorded in the lock file, e.g. {@code train}
   * @throws SnnException if another run holds the lock, naming the directory, the owner and the
   *     lock file
   * @throws java.io.UncheckedIOException if the lock file cannot be written (naming its URI and
   *     the cause, e.g. permission denied)
   */
  public static OutputLock acquire(
      Path dir, Configuration conf, boolean breakStale, String command) {
    Checks.notNull("OutputLock.dir", dir);
    Checks.notNull("OutputLock.command", command);
    FileSystem fs;
    try {
      fs = dir.getFileSystem(conf);
      dir = withoutTrailingSlash(fs.makeQualified(dir));
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "lock output directory", e);
    }
    Path lockFile = new Path(dir, LOCK_FILE);
    LockOwner me = LockOwner.current(command);
    boolean dirExisted = exists(fs, dir);
    if (dirExisted && isFile(fs, dir)) {
      throw new SnnException(
          HadoopPaths.qualified(dir, conf) + ": output directory expected, but this is a file");
    }
    boolean broke = false;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (tryCreate(fs, lockFile, me.toBytes(), conf)) {
        LOG.debug("locked {} ({})", lockFile, me.describe());
        if (broke) {
          removeLeftovers(fs, dir, conf, 0);
        }
        return new OutputLock(dir, lockFile, conf, me, !dirExisted);
      }
      Optional<Existing> held = read(fs, lockFile, conf);
      if (held.isEmpty()) {
        continue; // released between our create and our read: try again
      }
      Existing ex = held.get();
      if (!ex.isStale()) {
        throw new SnnException(refusal(dir, lockFile, conf, ex));
      }
      if (!breakStale) {
        throw new SnnException(
            HadoopPaths.qualified(dir, conf)
                + ": output directory is locked by a run that is no longer running: "
                + ex.who()
                + " (lock file "
                + HadoopPaths.qualified(lockFile, conf)
                + "); re-run with --break-lock (config: output.breakLock: true) to take it over");
      }
      breakLock(fs, lockFile, conf, ex);
      broke = true;
    }
    throw new SnnException(
        HadoopPaths.qualified(dir, conf)
            + ": could not lock the output directory in "
            + ATTEMPTS
            + " attempts (other runs keep taking "
            + HadoopPaths.qualified(lockFile, conf)
            + ")");
  }

  private static boolean isFile(FileSystem fs, Path p) {
    try {
      return fs.getFileStatus(p).isFile();
    } catch (IOException e) {
      return false; // gone or unreadable: creating the lock file reports what is wrong
    }
  }

  private static Path withoutTrailingSlash(Path p) {
    String s = p.toString();
    return s.endsWith("/") && s.length() > 1 ? new Path(s.replaceAll("/+$", "")) : p;
  }

  /** The locked directory. */
  public Path dir() {
    return dir;
  }

  /** The lock file. */
  public Path lockFile() {
    return lockFile;
  }

  /** This process's entry in the lock file. */
  public LockOwner owner() {
    return owner;
  }

  /** Releases the lock (deletes the lock file if it still holds this lock's token); idempotent. */
  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs (and finds the lock released)
    }
  }

  private synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    try {
      FileSystem fs = lockFile.getFileSystem(conf);
      Optional<Existing> held = read(fs, lockFile, conf);
      if (held.isPresent()
          && held.get().owner().map(o -> o.token().equals(owner.token())).orElse(false)) {
        fs.delete(lockFile, false);
        LOG.debug("released {}", lockFile);
        if (createdDir) {
          removeIfEmpty(fs, dir);
        }
      } else {
        LOG.warn(
            "{}: lock was taken over by another run before this one released it",
            HadoopPaths.qualified(lockFile, conf));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot release lock: {}", HadoopPaths.qualified(lockFile, conf), e.toString());
    }
  }

  /**
   * Deletes {@code dir} if it holds nothing. A run that locks it meanwhile has put its lock file
   * there, so the directory is not empty and stays (a non-recursive delete fails on it).
   */
  private static void removeIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
        LOG.debug("removed the empty output directory {}", dir);
      }
    } catch (IOException e) {
      LOG.debug("{}: kept ({})", dir, e.toString());
    }
  }

  /** A lock file found on disk. */
  private record Existing(byte[] content, Optional<LockOwner> owner, long ageMillis) {
    boolean isStale() {
      return owner.map(LockOwner::isDeadOnThisHost).orElse(ageMillis > UNREADABLE_GRACE_MILLIS);
    }

    String who() {
      return owner
          .map(LockOwner::describe)
          .orElse(
              "an unknown owner (the lock file is unreadable or still being written, "
                  + ageMillis / 1000
                  + " s old)");
    }
  }

  private static String refusal(Path dir, Path lockFile, Configuration conf, Existing ex) {
    boolean remote = ex.owner().map(o -> !o.host().equals(LockOwner.localHost())).orElse(false);
    return HadoopPaths.qualified(dir, conf)
        + ": output directory is in use by another run: "
        + ex.who()
        + " (lock file "
        + HadoopPaths.qualified(lockFile, conf)
        + "); wait for it to finish or write to another output.dir"
        + (remote
            ? "; if that run is gone, delete the lock file by hand (a process on another host"
                + " cannot be checked from here)"
            : "");
  }

  /** Creates {@code file} with {@code content} unless it exists; true if this call created it. */
  private static boolean tryCreate(FileSystem fs, Path file, byte[] content, Configuration conf) {
    try {
      if ("file".equals(fs.getScheme())) {
        java.nio.file.Path local = java.nio.file.Paths.get(fs.makeQualified(file).toUri());
        Files.createDirectories(local.getParent());
        try (OutputStream out =
            Files.newOutputStream(
                local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          out.write(content);
        }
        return true;
      }
      fs.mkdirs(file.getParent());
      try (OutputStream out = fs.create(file, false)) {
        out.write(content);
      }
      return true;
    } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (java.nio.file.NoSuchFileException e) {
      return false; // the directory was removed by a run releasing it just now: try again
    } catch (IOException e) {
      if (exists(fs, file)) {
        return false; // some file systems report "exists" as another IOException
      }
      Optional<String> fileAncestor = PathErrors.fileAncestor(file, conf);
      if (fileAncestor.isPresent()) {
        throw new java.io.UncheckedIOException(
            HadoopPaths.qualified(file, conf)
                + ": cannot create output lock: "
                + fileAncestor.get(),
            e);
      }
      throw PathErrors.failure(file, conf, "create output lock", e);
    }
  }

  private static boolean exists(FileSystem fs, Path file) {
    try {
      return fs.exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Existing> read(FileSystem fs, Path file, Configuration conf) {
    try {
      FileStatus st = fs.getFileStatus(file);
      byte[] content;
      try (InputStream in = fs.open(file)) {
        content = in.readNBytes(64 * 1024);
      }
      long age = Math.max(0, System.currentTimeMillis() - st.getModificationTime());
      return Optional.of(new Existing(content, LockOwner.parse(content), age));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw PathErrors.failure(file, conf, "read output lock", e);
    }
  }

  /**
   * Deletes what a run killed while it held the lock left half-written under {@code dir} (up to
   * {@value #LEFTOVER_DEPTH} levels down): hidden output temporaries ({@code .<name>.tmp-<8 hex>},
   * as {@link OutputDir} and the sweep's point store write them) and checkpoint temporaries ({@code
   * _tmp-ckpt-<step>-<uuid>}). Only the lock's holder writes them, and it is dead.
   */
  private static void removeLeftovers(FileSystem fs, Path dir, Configuration conf, int depth) {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (IOException e) {
      return; // not listable: nothing this run can clean, and writing will say what is wrong
    }
    for (FileStatus st : entries) {
      String name = st.getPath().getName();
      if (LEFTOVER.matcher(name).matches()) {
        try {
          fs.delete(st.getPath(), true);
          LOG.info("removed {}, left half-written by the run whose lock was broken",
              HadoopPaths.qualified(st.getPath(), conf));
        } catch (IOException e) {
          LOG.warn("could not remove the leftover {}: {}", st.getPath(), e.getMessage());
        }
      } else if (st.isDirectory() && depth + 1 < LEFTOVER_DEPTH) {
        removeLeftovers(fs, st.getPath(), conf, depth + 1);
      }
    }
  }

  /**
   * Moves a stale lock aside (rename is atomic), checks that what moved is the stale lock that was
   * read (not a fresh one another run took meanwhile), and deletes it.
   */
  private static void breakLock(FileSystem fs, Path lockFile, Configuration conf, Existing ex) {
    Path aside =
        new Path(
            lockFile.getParent(),
            "." + LOCK_FILE + ".broken-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      if (!fs.rename(lockFile, aside)) {
        return; // someone else moved it: retry
      }
      Optional<Existing> moved = read(fs, aside, conf);
      if (moved.isPresent() && !Arrays.equals(moved.get().content(), ex.content())) {
        // a fresh lock was taken between our read and our rename: give it back
        tryCreate(fs, lockFile, moved.get().content(), conf);
        fs.delete(aside, false);
        throw new SnnException(
            HadoopPaths.qualified(lockFile.getParent(), conf)
                + ": output directory was locked by another run while breaking a stale lock: "
                + moved.get().who());
      }
      fs.delete(aside, false);
      LOG.warn(
          "{}: broke the stale lock of {}",
          HadoopPaths.qualified(lockFile, conf),
          ex.who());
    } catch (IOException e) {
      throw PathErrors.failure(lockFile, conf, "break stale output lock", e);
    }
  }
}
