package org.sparksnn.pipeline.hdfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.pipeline.io.OutputDir;

/**
 * A writer process killed mid-way: {@link #main} starts an {@link OutputDir} on the given path
 * (overwrite on), writes one complete file and half of a second one (flushed to the DataNode, the
 * file still open), prints {@link #READY} and waits to be killed. {@link #runAndKill} runs it in a
 * separate JVM and kills it with SIGKILL ({@code destroyForcibly}) once it is ready, so neither
 * {@code commit()} nor {@code abort()} nor any shutdown hook runs.
 */
public final class KilledWriter {
  /** The line the writer prints when it is mid-way. */
  public static final String READY = "MID-WAY";

  private KilledWriter() {}

  /**
   * Runs a writer of {@code target} in a new JVM and kills it mid-way.
   *
   * @return the writer's temporary directory, left behind by the kill
   */
  public static Path runAndKill(Path target) {
    String javaBin =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    javaBin,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    KilledWriter.class.getName(),
                    target.toString()))
            .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the writer JVM", e);
    }
    StringBuilder log = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log.append(line).append('\n');
        if (line.startsWith(READY + " ")) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
          return new Path(line.substring(READY.length() + 1));
        }
      }
      throw new IllegalStateException("writer ended without getting mid-way:\n" + log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      p.destroyForcibly();
    }
  }

  /** {@code args[0]}: the output directory URI. */
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    OutputDir out = OutputDir.create(new Path(args[0]), conf, true);
    FileSystem fs = out.tempPath().getFileSystem(conf);
    try (FSDataOutputStream o = fs.create(new Path(out.tempPath(), "model.yaml"), true)) {
      o.write("formatVersion: 1\n".getBytes(StandardCharsets.UTF_8));
    }
    FSDataOutputStream half = fs.create(new Path(out.tempPath(), "weights.npz"), true);
    half.write(new byte[300_000]);
    half.hflush();
    System.out.println(READY + " " + out.tempPath());
    System.out.flush();
    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
  }
}
