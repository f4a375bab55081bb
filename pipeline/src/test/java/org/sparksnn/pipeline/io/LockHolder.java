package org.sparksnn.pipeline.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A run holding an {@link OutputLock} in another JVM: {@link #main} locks the given directory,
 * prints {@link #READY} and sleeps until it is killed. {@link #start} runs it and returns once the
 * lock is held, so a test can kill it with {@code SIGTERM} ({@code destroy}) or {@code SIGKILL}
 * ({@code destroyForcibly}).
 */
public final class LockHolder {
  /** The line printed once the lock is held. */
  public static final String READY = "LOCKED";

  private LockHolder() {}

  /** Starts a JVM that locks {@code dir}; returns when it holds the lock. */
  public static Process start(Path dir) {
    String javaBin =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    javaBin,
                    "-Xmx128m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LockHolder.class.getName(),
                    dir.toString()))
            .redirectErrorStream(true);
    try {
      Process p = pb.start();
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder log = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        log.append(line).append('\n');
        if (line.equals(READY)) {
          return p;
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("lock holder exited before locking:\n" + log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lock holder JVM", e);
    }
  }

  public static void main(String[] args) throws InterruptedException {
    OutputLock lock = OutputLock.acquire(new Path(args[0]), new Configuration(), false, "hold");
    System.out.println(READY);
    System.out.flush();
    Thread.sleep(600_000);
    lock.close();
  }
}
