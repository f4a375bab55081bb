package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.tasks.SweepTask;
import org.sparksnn.jobs.tasks.TrainTask;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.io.OutputLock;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.sweep.SweepStage;
import org.sparksnn.pipeline.train.BarrierTrainer;

/**
 * A CLI process really killed with SIGKILL, then the same command run again: training resumes
 * from the killed run's newest checkpoint and ends with the uninterrupted run's weights bit for
 * bit; a sweep computes only the points the killed run had not finished and ends with the
 * uninterrupted run's results table (timing columns aside).
 *
 * <p>The killed command runs in a child JVM started with this JVM's flags and class path ({@code
 * org.sparksnn.jobs.cli.SparkSnnCli}, {@code --master local[2]}), plus {@code
 * -XX:TieredStopAtLevel=1} (faster start-up) and a {@code java.io.tmpdir} inside the test's temp
 * dir (for the Spark directories the killed JVM cannot clean up). Its standard output and error go
 * to files in the temp dir, whose tails are part of every failure message. While the child starts
 * up, the uninterrupted reference run goes on in-process ({@link CliRun}); a daemon thread polls
 * the child's output directory and kills it at its kill point. The re-runs are in-process too.
 */
@Tag("spark")
class KilledProcessCliTest {
  /** Longest wait for the child to reach its kill point. */
  private static final long KILL_POINT_TIMEOUT_MS = 60_000;

  private static final Pattern CHECKPOINT = Pattern.compile("ckpt-(\\d{12})\\.bin");

  // training: 600 images, batch 20 -> 30 steps per epoch, 5 epochs -> 150 steps; a checkpoint
  // every 5 steps
  private static final int TRAIN_IMAGES = 600;
  private static final int BATCH = 20;
  private static final int EPOCHS = 5;
  private static final long TOTAL_STEPS = (long) TRAIN_IMAGES / BATCH * EPOCHS;
  private static final int CHECKPOINT_EVERY = 5;
  /** The child is killed once a checkpoint of at least this step exists (the second one). */
  private static final long KILL_AFTER_STEP = 10;

  @TempDir Path tmp;

  // ---------------------------------------------------------------------------------------------
  // training

  @Test
  void trainingDriverKilledBySigkillResumesFromTheLastCheckpointWithIdenticalWeights()
      throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), TRAIN_IMAGES, 50, 21);
    Path config = tmp.resolve("train.yaml");
    Files.writeString(
        config,
        """
        name: killed-train
        data: {dataset: mnist, dir: %s, fetch: false}
        model:
          input: [784]
          dt: 0.1
          steps: 10
          readout: mean
          layers:
            - {type: dense, name: d0, units: 64}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        train:
          epochs: %d
          batchSize: %d
          optimizer: {type: adam, learningRate: 0.003}
          seed: 17
          mode: barrier
          partitions: 2
          checkpointEvery: %d
          validate: false
        output: {dir: %s}
        """
            .formatted(
                tmp.resolve("data"), EPOCHS, BATCH, CHECKPOINT_EVERY, tmp.resolve("unused")));
    Path reference = tmp.resolve("reference");
    Path killed = tmp.resolve("killed");

    // 1. the command in a child JVM, SIGKILLed once the checkpoint of step 10 (or a later one)
    // exists and before the last step's; 2. meanwhile the uninterrupted run, in-process
    Timeline timeline = new Timeline();
    Path checkpoints = killed.resolve("checkpoints");
    Child child =
        Child.start(
            tmp.resolve("child-train"),
            "train", "--conf", config.toString(), "--set", "output.dir=" + killed,
            "--master", "local[2]");
    String killPoint;
    CliRun ref;
    try {
      CompletableFuture<String> kill =
          child.killWhenAsync(
              () -> {
                long newest = newestCheckpoint(checkpoints);
                return newest >= KILL_AFTER_STEP && newest < TOTAL_STEPS
                    ? "checkpoint of step " + newest
                    : null;
              },
              "a checkpoint of a step in [" + KILL_AFTER_STEP + ", " + TOTAL_STEPS + ") in "
                  + checkpoints);
      ref = train(config, reference);
      timeline.mark("reference run done");
      killPoint = Child.await(kill);
      timeline.mark("child killed", child.killedAtNanos());
    } finally {
      child.kill();
    }
    assertEquals(0, ref.code(), ref.err());
    assertTrue(isComplete(reference.resolve("model")), "reference model complete");
    List<Long> stepsAfterKill = checkpointSteps(checkpoints);
    long newestAfterKill =
        stepsAfterKill.isEmpty() ? 0 : stepsAfterKill.get(stepsAfterKill.size() - 1);
    String killReport =
        "checkpoint steps after the kill "
            + stepsAfterKill
            + " (kill point: "
            + killPoint
            + ")\n"
            + child.tails();
    assertTrue(
        newestAfterKill > 0 && newestAfterKill < TOTAL_STEPS,
        "the kill landed mid-run: " + killReport);
    Path killedModel = killed.resolve("model");
    assertTrue(
        !Files.exists(killedModel) || !Files.exists(killedModel.resolve(OutputDir.MARKER)),
        "the killed run left no model that looks complete: " + killReport);
    assertFalse(isComplete(killedModel), killReport);
    String lock = Files.readString(killed.resolve(OutputLock.LOCK_FILE));
    assertTrue(
        lock.contains("pid=" + child.pid() + "\n"),
        "SIGKILL ran no shutdown hook, so the killed run's lock is left: " + lock);

    // 3. the same command again, in-process; --break-lock takes over the dead run's lock
    CliRun again;
    List<String> log;
    try (LogCapture capture = new LogCapture(TrainTask.class, BarrierTrainer.class)) {
      again = train(config, killed, "--break-lock");
      log = capture.lines();
    }
    timeline.mark("re-run done");
    assertEquals(0, again.code(), again.err() + "\n" + log);
    // TrainTask: "150 steps (10 resumed from a checkpoint), 6.53 ms/step"
    Pattern resumedLine = Pattern.compile("(\\d+) steps \\((\\d+) resumed from a checkpoint\\)");
    long[] stepsAndResumed = {-1, -1};
    for (String line : log) {
      Matcher m = resumedLine.matcher(line);
      if (m.find()) {
        stepsAndResumed[0] = Long.parseLong(m.group(1));
        stepsAndResumed[1] = Long.parseLong(m.group(2));
      }
    }
    long steps = stepsAndResumed[0];
    long resumedFrom = stepsAndResumed[1];
    assertEquals(TOTAL_STEPS, steps, "steps of the re-run: " + log);
    assertEquals(
        newestAfterKill, resumedFrom, "resumed from the killed run's newest checkpoint: " + log);
    assertTrue(resumedFrom > 0, "resumed from a checkpoint of step > 0: " + log);
    String barrierLine = "barrier training: 2 replicas, steps " + resumedFrom + ".." + TOTAL_STEPS;
    assertTrue(
        log.stream().anyMatch(l -> l.contains(barrierLine)),
        "expected '" + barrierLine + "' in\n" + String.join("\n", log));
    assertTrue(isComplete(killedModel), "the re-run's model is complete");
    assertFalse(Files.exists(killed.resolve(OutputLock.LOCK_FILE)), "lock released");

    // 4. bit-identical weights
    Configuration hadoop = new Configuration();
    ParameterSet expected =
        ModelDirectory.read(hpath(reference.resolve("model")), hadoop).weights();
    ParameterSet actual = ModelDirectory.read(hpath(killedModel), hadoop).weights();
    assertEquals(expected.names(), actual.names());
    for (String name : expected.names()) {
      assertArrayEquals(expected.shape(name), actual.shape(name), name);
      assertArrayEquals(floatBits(expected.get(name)), floatBits(actual.get(name)), name);
    }
    assertEquals(expected.contentHash(), actual.contentHash());
    System.out.printf(
        "killed training: kill point: %s; checkpoints %s left, re-run resumed from step %d of %d;"
            + " %s%n",
        killPoint, stepsAfterKill, resumedFrom, TOTAL_STEPS, timeline);
  }

  private static CliRun train(Path config, Path outputDir, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", "--conf", config.toString(), "--set", "output.dir=" + outputDir,
                "--master", "local[2]"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<Long> checkpointSteps(Path dir) {
    List<Long> steps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = CHECKPOINT.matcher(f.getFileName().toString());
            if (m.matches()) {
              steps.add(Long.parseLong(m.group(1)));
            }
          });
    } catch (IOException e) {
      return steps; // not created yet, or a file renamed while listing: look again later
    }
    Collections.sort(steps);
    return steps;
  }

  private static long newestCheckpoint(Path dir) {
    List<Long> s = checkpointSteps(dir);
    return s.isEmpty() ? 0 : s.get(s.size() - 1);
  }

  private static int[] floatBits(float[] a) {
    int[] bits = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      bits[i] = Float.floatToRawIntBits(a[i]);
    }
    return bits;
  }

  // ---------------------------------------------------------------------------------------------
  // sweep

  /**
   * Columns that differ between two runs of the same point. Both sweeps read the same model
   * directory, so the one path column ({@code model}) is equal and compared.
   */
  private static final List<String> TIMING_COLUMNS = List.of("seconds", "task_seconds");

  private static final int TEST_IMAGES = 300;

  @Test
  void sweepKilledBySigkillRecomputesOnlyMissingPointsAndEndsWithTheSameTable() throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), 200, TEST_IMAGES, 31);
    Path config = tmp.resolve("sweep.yaml");
    Path run = tmp.resolve("run");
    Files.writeString(
        config,
        """
        name: killed-sweep
        data: {dataset: mnist, dir: %s, fetch: false}
        model:
          input: [784]
          dt: 0.01
          steps: 10
          readout: mean
          layers:
            - {type: dense, name: d0, units: 64}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        train:
          epochs: 1
          batchSize: 20
          optimizer: {type: adam, learningRate: 0.003}
          seed: 5
          validate: false
        sweep:
          models: [%s]
          dt: [0.002, 0.005, 0.01]
          steps: [20, 40, 60, 80]
          batch: 50
          examples: 1
        output: {dir: %s}
        """
            .formatted(tmp.resolve("data"), run.resolve("model"), run));
    int total = 12;

    Timeline timeline = new Timeline();
    CliRun trained = CliRun.of("train", "--conf", config.toString(), "--master", "local[2]");
    assertEquals(0, trained.code(), trained.err());
    timeline.mark("model trained");

    // 1. the sweep in a child JVM, SIGKILLed once some but not all points are stored; 2. meanwhile
    // the uninterrupted sweep, in-process. Each has its own run and sweep directories (both are
    // locked while a sweep runs).
    Path reference = tmp.resolve("sweep-reference");
    Path killed = tmp.resolve("sweep-killed");
    Path points = killed.resolve("points");
    Child child =
        Child.start(
            tmp.resolve("child-sweep"),
            "sweep", "--conf", config.toString(),
            "--set", "output.dir=" + tmp.resolve("run-killed"),
            "--set", "sweep.output=" + killed,
            "--master", "local[2]");
    String killPoint;
    CliRun ref;
    try {
      CompletableFuture<String> kill =
          child.killWhenAsync(
              () -> {
                int n = pointFiles(points).size();
                return n > 0 && n < total ? "point files stored: " + n : null;
              },
              "between 1 and " + (total - 1) + " point files in " + points);
      ref = sweep(config, tmp.resolve("run-reference"), reference);
      timeline.mark("reference sweep done");
      killPoint = Child.await(kill);
      timeline.mark("child killed", child.killedAtNanos());
    } finally {
      child.kill();
    }
    assertEquals(0, ref.code(), ref.err());
    assertEquals(total, pointFiles(reference.resolve("points")).size());
    Map<String, byte[]> doneAtKill = new TreeMap<>();
    for (Path p : pointFiles(points)) {
      doneAtKill.put(p.getFileName().toString(), Files.readAllBytes(p));
    }
    String killReport =
        doneAtKill.size() + " of " + total + " points stored after the kill (kill point: "
            + killPoint + ")\n" + child.tails();
    assertTrue(
        doneAtKill.size() > 0 && doneAtKill.size() < total,
        "the kill landed mid-sweep: " + killReport);
    assertFalse(Files.exists(killed.resolve("results")), "no results table yet: " + killReport);
    for (Path dir : List.of(killed, tmp.resolve("run-killed"))) {
      String lock = Files.readString(dir.resolve(OutputLock.LOCK_FILE));
      assertTrue(
          lock.contains("pid=" + child.pid() + "\n"), "stale lock of the killed run: " + lock);
    }

    // 3. the same sweep again, in-process, taking over the dead run's locks
    CliRun again;
    List<String> log;
    try (LogCapture capture = new LogCapture(SweepTask.class, SweepStage.class)) {
      again = sweep(config, tmp.resolve("run-killed"), killed, "--break-lock");
      log = capture.lines();
    }
    timeline.mark("re-run done");
    assertEquals(0, again.code(), again.err() + "\n" + log + "\n" + killReport);
    int reused = doneAtKill.size();
    int computed = total - reused;
    String summary =
        "sweep: " + total + " points (" + computed + " computed, " + reused + " reused), "
            + (computed * TEST_IMAGES) + " images evaluated";
    assertTrue(
        log.stream().anyMatch(l -> l.contains(summary)),
        "expected '" + summary + "' in\n" + String.join("\n", log));
    String startLine =
        "sweep: " + total + " points, " + reused + " already done, " + computed + " to compute";
    assertTrue(
        log.stream().anyMatch(l -> l.contains(startLine)),
        "expected '" + startLine + "' in\n" + String.join("\n", log));
    for (Map.Entry<String, byte[]> e : doneAtKill.entrySet()) {
      assertArrayEquals(
          e.getValue(),
          Files.readAllBytes(points.resolve(e.getKey())),
          e.getKey() + ": a point finished before the kill is reused as it is");
    }
    assertEquals(total, pointFiles(points).size());
    assertTrue(isComplete(killed.resolve("results")));
    assertFalse(Files.exists(killed.resolve(OutputLock.LOCK_FILE)), "sweep lock released");
    assertFalse(
        Files.exists(tmp.resolve("run-killed").resolve(OutputLock.LOCK_FILE)), "run lock released");

    // 4. the same table as the uninterrupted run, row by row, timing columns aside
    List<List<String>> want = readCsv(reference.resolve("results/results.csv"));
    List<List<String>> got = readCsv(killed.resolve("results/results.csv"));
    assertEquals(want.get(0), got.get(0), "header");
    List<String> header = want.get(0);
    int keyColumn = header.indexOf("key");
    assertTrue(keyColumn >= 0, header.toString());
    for (String c : TIMING_COLUMNS) {
      assertTrue(header.contains(c), c + " in " + header);
    }
    assertEquals(total + 1, want.size());
    assertEquals(want.size(), got.size(), "rows");
    Map<String, List<String>> wantByKey = byKey(want, keyColumn);
    Map<String, List<String>> gotByKey = byKey(got, keyColumn);
    assertEquals(wantByKey.keySet(), gotByKey.keySet(), "keys");
    assertEquals(
        want.stream().skip(1).map(r -> r.get(keyColumn)).toList(),
        got.stream().skip(1).map(r -> r.get(keyColumn)).toList(),
        "row order");
    int compared = 0;
    for (String key : wantByKey.keySet()) {
      List<String> w = wantByKey.get(key);
      List<String> g = gotByKey.get(key);
      for (int c = 0; c < header.size(); c++) {
        if (!TIMING_COLUMNS.contains(header.get(c))) {
          assertEquals(w.get(c), g.get(c), "point " + key + ", column " + header.get(c));
          compared++;
        }
      }
    }
    assertEquals(total * (header.size() - TIMING_COLUMNS.size()), compared);
    System.out.printf(
        "killed sweep: kill point: %s; %d of %d points stored; re-run computed %d, reused %d; %s%n",
        killPoint, reused, total, computed, reused, timeline);
  }

  private static CliRun sweep(Path config, Path runDir, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep", "--conf", config.toString(),
                "--set", "output.dir=" + runDir,
                "--set", "sweep.output=" + output,
                "--master", "local[2]"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Finished point files ({@code <key>.json}; hidden temporary files are not points). */
  private static List<Path> pointFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".json") && !n.startsWith(".");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Map<String, List<String>> byKey(List<List<String>> table, int keyColumn) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (List<String> row : table.subList(1, table.size())) {
      assertEquals(table.get(0).size(), row.size(), "cells of " + row);
      assertTrue(m.put(row.get(keyColumn), row) == null, "duplicate key " + row.get(keyColumn));
    }
    return m;
  }

  /** An RFC 4180 CSV file without line breaks inside cells. */
  private static List<List<String>> readCsv(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            cell.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          cells.add(cell.toString());
          cell.setLength(0);
        } else {
          cell.append(ch);
        }
      }
      cells.add(cell.toString());
      rows.add(cells);
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------------
  // shared

  private static org.apache.hadoop.fs.Path hpath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private static boolean isComplete(Path dir) {
    return OutputDir.isComplete(hpath(dir), new Configuration());
  }

  /**
   * {@code spark-snn <args>} in a child JVM with this JVM's flags and class path; standard output
   * and error go to {@code <prefix>.out} and {@code <prefix>.err}.
   */
  private static final class Child {
    private final Process process;
    private final Path out;
    private final Path err;
    private volatile long killedAtNanos;

    private Child(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    static Child start(Path prefix, String... cliArgs) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // Spark's --add-opens list, -Xmx and the driver host, as surefire gave them to this JVM
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      // C1 only: halves the start-up of a cold Spark JVM on 2 cores. Java arithmetic is strict
      // IEEE whatever the JIT, and the math intrinsics are the same stubs in every tier, so the
      // child's steps compute the same bits as the in-process runs (the test checks exactly that).
      cmd.add("-XX:TieredStopAtLevel=1");
      // Spark's local dirs, which a killed JVM leaves behind, inside the test's temp dir
      Path javaTmp = Path.of(prefix + "-tmp");
      Files.createDirectories(javaTmp);
      cmd.add("-Djava.io.tmpdir=" + javaTmp);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(SparkSnnCli.class.getName());
      cmd.addAll(List.of(cliArgs));
      Path out = Path.of(prefix + ".out");
      Path err = Path.of(prefix + ".err");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().put("OMP_NUM_THREADS", "1");
      return new Child(pb.start(), out, err);
    }

    private static java.io.File nullDevice() {
      return new java.io.File(
          System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    long pid() {
      return process.pid();
    }

    /** {@link System#nanoTime} when {@link #killWhen} killed the child. */
    long killedAtNanos() {
      return killedAtNanos;
    }

    /**
     * Polls {@code killPoint} (a description of the state reached, or null) every 20 ms and kills
     * the child with SIGKILL as soon as it answers; fails if the child exits first or the point is
     * not reached within {@link #KILL_POINT_TIMEOUT_MS}. Returns the description.
     */
    String killWhen(Supplier<String> killPoint, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_POINT_TIMEOUT_MS);
      while (true) {
        String reached = killPoint.get();
        if (reached != null) {
          kill();
          killedAtNanos = System.nanoTime();
          return reached;
        }
        if (!process.isAlive()) {
          fail(
              "the child exited (code "
                  + process.exitValue()
                  + ") before its kill point, "
                  + what
                  + "\n"
                  + tails());
        }
        if (System.nanoTime() > deadline) {
          fail(
              "the child did not reach its kill point, "
                  + what
                  + ", within "
                  + KILL_POINT_TIMEOUT_MS
                  + " ms\n"
                  + tails());
        }
        Thread.sleep(20);
      }
    }

    /** {@link #killWhen} on a daemon thread, so the caller can work meanwhile. */
    CompletableFuture<String> killWhenAsync(Supplier<String> killPoint, String what) {
      CompletableFuture<String> f = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  f.complete(killWhen(killPoint, what));
                } catch (Throwable e) {
                  f.completeExceptionally(e);
                }
              },
              "kill-child-" + process.pid());
      t.setDaemon(true);
      t.start();
      return f;
    }

    /** The result of {@link #killWhenAsync}, its failure rethrown as it is. */
    static String await(CompletableFuture<String> f) throws Exception {
      try {
        return f.get(KILL_POINT_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }

    /** SIGKILL to the child's descendants and the child; waits until the child is gone. */
    void kill() throws InterruptedException {
      List<ProcessHandle> descendants = process.toHandle().descendants().toList();
      process.toHandle().destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        fail("the child " + process.pid() + " is still alive 30 s after SIGKILL");
      }
      for (ProcessHandle d : descendants) {
        try {
          d.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          fail("descendant " + d.pid() + " of the child survived SIGKILL: " + e);
        }
      }
    }

    /** The last lines of the child's standard output and error. */
    String tails() {
      return "--- child stdout (" + out + ") ---\n"
          + tail(out, 20)
          + "--- child stderr (" + err + ") ---\n"
          + tail(err, 40);
    }

    private static String tail(Path file, int lines) {
      try {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
      } catch (IOException e) {
        return "(cannot read: " + e + ")\n";
      }
    }
  }

  /** Seconds since the start of a test at which its phases ended, for the test's output. */
  private static final class Timeline {
    private final long start = System.nanoTime();
    private final StringBuilder marks = new StringBuilder();

    void mark(String what) {
      mark(what, System.nanoTime());
    }

    void mark(String what, long nanos) {
      marks.append(marks.length() == 0 ? "" : ", ")
          .append(what)
          .append(String.format(" %.1f s", (nanos - start) / 1e9));
    }

    @Override
    public String toString() {
      return "timeline: " + marks;
    }
  }

  /** The formatted messages that the given classes log while open (Log4j 2, Spark's backend). */
  private static final class LogCapture implements AutoCloseable {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<org.apache.logging.log4j.core.Logger> loggers = new ArrayList<>();
    private final AbstractAppender appender;

    LogCapture(Class<?>... classes) {
      appender =
          new AbstractAppender(
              "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              lines.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
            }
          };
      appender.start();
      for (Class<?> c : classes) {
        org.apache.logging.log4j.core.Logger logger =
            (org.apache.logging.log4j.core.Logger) LogManager.getLogger(c);
        if (!logger.isInfoEnabled()) {
          logger.setLevel(Level.INFO);
        }
        logger.addAppender(appender);
        loggers.add(logger);
      }
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    @Override
    public void close() {
      loggers.forEach(l -> l.removeAppender(appender));
      appender.stop();
    }
  }
}
