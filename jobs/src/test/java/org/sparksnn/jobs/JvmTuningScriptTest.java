package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bin/jvm-tuning.sh}: the JVM options the launcher and the benchmarks add per machine. */
class JvmTuningScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("sparksnn.root", ".."));

  /** The output lines of {@code function args…} after sourcing the script. */
  private static List<String> call(String function, String... args)
      throws IOException, InterruptedException {
    return callWithOpenMp(null, function, args);
  }

  /** {@link #call} with OMP_NUM_THREADS set to {@code omp} (null: unset). */
  private static List<String> callWithOpenMp(String omp, String function, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("bash");
    cmd.add("-c");
    cmd.add("source \"$0\"; " + function + " \"$@\"");
    cmd.add(ROOT.resolve("bin/jvm-tuning.sh").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("OMP_NUM_THREADS");
    pb.environment().remove("OMP_THREAD_LIMIT");
    if (omp != null) {
      pb.environment().put("OMP_NUM_THREADS", omp);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
  }

  @Test
  void aSweepOnOneCpuGetsTheSerialCollectorAndFewerCompilations() throws Exception {
    assertEquals(
        List.of("-XX:+UseSerialGC", "-XX:CompileThresholdScaling=3"),
        call("spark_snn_tuning", "sweep", "1", ""));
  }

  @Test
  void trainingAndTwoCpusKeepTheDefaultCompilationThresholds() throws Exception {
    assertEquals(List.of("-XX:+UseSerialGC"), call("spark_snn_tuning", "train", "1", ""));
    assertEquals(List.of("-XX:+UseSerialGC"), call("spark_snn_tuning", "run", "1", ""));
    assertEquals(List.of("-XX:+UseSerialGC"), call("spark_snn_tuning", "sweep", "2", ""));
    assertEquals(List.of(), call("spark_snn_tuning", "sweep", "4", ""));
  }

  @Test
  void theUsersOwnSettingWinsOverEachOfOurs() throws Exception {
    assertEquals(
        List.of("-XX:CompileThresholdScaling=3"),
        call("spark_snn_tuning", "sweep", "1", "-Xmx4g -XX:+UseG1GC"));
    assertEquals(
        List.of("-XX:+UseSerialGC"),
        call("spark_snn_tuning", "sweep", "1", "-XX:CompileThresholdScaling=1"));
  }

  @Test
  void theCommandIsTheFirstArgumentThatNamesOneEvenAfterOptions() throws Exception {
    assertEquals(
        List.of("sweep"),
        call("spark_snn_command", "--master", "local[1]", "sweep", "--set", "sweep.dt=[1]"));
    assertEquals(List.of("run"), call("spark_snn_command", "run", "conf/sweep.yaml"));
    assertEquals(List.of(), call("spark_snn_command", "--help"));
  }

  @Test
  void theCpuCountIgnoresTheOneOpenMpThreadTheLauncherSets() throws Exception {
    // nproc alone answers 1 under OMP_NUM_THREADS=1, which would tune a big machine as a small one
    List<String> cpus = call("spark_snn_cpus");
    assertEquals(cpus, callWithOpenMp("1", "spark_snn_cpus"));
    assertEquals(Runtime.getRuntime().availableProcessors(), Integer.parseInt(cpus.get(0)));
  }

  @Test
  void theLauncherAndTheBenchmarksTakeTheirOptionsFromTheScript() throws Exception {
    for (String file : List.of("bin/spark-snn", "bench/jobs-classpath.sh")) {
      String text = Files.readString(ROOT.resolve(file));
      assertTrue(text.contains("jvm-tuning.sh"), file + " does not source bin/jvm-tuning.sh");
      assertTrue(text.contains("spark_snn_tuning"), file + " does not call spark_snn_tuning");
    }
  }
}
