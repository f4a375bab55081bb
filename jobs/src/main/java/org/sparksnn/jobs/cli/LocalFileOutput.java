package org.sparksnn.jobs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A local file a command writes (such as {@code neuron rates --plot}): its path is checked
 * before any work, and its bytes are written to a temporary file and moved into place, so a
 * reader never sees a part of it.
 */
final class LocalFileOutput {
  private LocalFileOutput() {}

  /**
   * The absolute path of {@code file}, given with {@code option}, checked before any work is
   * done: its directory exists and is a writable directory, and {@code file} itself is not a
   * directory.
   *
   * @throws IllegalArgumentException {@code "<option> <file>: cannot write: <reason>"}
   */
  static Path target(String file, String option) {
    Path target;
    try {
      target = Paths.get(file).toAbsolutePath();
    } catch (java.nio.file.InvalidPathException e) {
      throw cannotWrite(option + " " + file, "not a valid path (" + e.getReason() + ")");
    }
    Path dir = target.getParent();
    if (dir == null || Files.isDirectory(target)) {
      throw cannotWrite(option + " " + file, target + " is a directory");
    }
    if (!Files.exists(dir)) {
      throw cannotWrite(option + " " + file, "directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw cannotWrite(option + " " + file, dir + " is not a directory");
    }
    if (!Files.isWritable(dir)) {
      throw cannotWrite(option + " " + file, "permission denied (" + dir + " is not writable)");
    }
    return target;
  }

  /**
   * Writes {@code bytes} to a hidden temporary file beside {@code target}, then moves it over
   * {@code target}, so a reader sees the old file or the whole new one, never a part; the
   * temporary file is removed if anything fails.
   *
   * @param what the option and its value, for messages: {@code "--plot r.png"}
   * @throws IllegalArgumentException {@code "<what>: cannot write: <reason>"} when the directory
   *     is missing or not writable (a user error)
   * @throws UncheckedIOException {@code "<what>: cannot write: <reason>"} for other I/O failures
   *     (e.g. a full disk)
   */
  static void writeAtomically(Path target, byte[] bytes, String what) {
    Path tmp =
        target.resolveSibling(
            "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    boolean created = false;
    try {
      try (OutputStream o = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
        created = true;
        o.write(bytes);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (created) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write failed already; that is the error to report
        }
      }
      String reason = reason(e);
      if (e instanceof NoSuchFileException
          || e instanceof NotDirectoryException
          || e instanceof AccessDeniedException) {
        throw cannotWrite(what, reason);
      }
      throw new UncheckedIOException(what + ": cannot write: " + reason, e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException missing && missing.getFile() != null) {
      return "directory " + Paths.get(missing.getFile()).getParent() + " does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static IllegalArgumentException cannotWrite(String what, String reason) {
    return new IllegalArgumentException(what + ": cannot write: " + reason);
  }
}
