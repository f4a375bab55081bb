package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;

/** spark-submit main classes end a failure with bin/spark-snn's error line and exit code. */
class JobMainTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(JobMain.Body body) {
    return JobMain.execute(body, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aConfigErrorIsOneErrorLineAndExitCode2() {
    assertEquals(
        2, execute(() -> { throw new ConfigException("c.yaml: train.epochs must be > 0, got 0"); }));
    assertEquals("error: c.yaml: train.epochs must be > 0, got 0\n", errText());
  }

  @Test
  void badArgumentsGiveTheUsageLineAndExitCode2() {
    assertEquals(2, execute(() -> JobArgs.parse("org.sparksnn.jobs.TrainJob", new String[] {})));
    assertEquals(
        "error: usage: spark-submit --class org.sparksnn.jobs.TrainJob spark-snn-jobs.jar"
            + " CONFIG.yaml [--set key=value]...\n",
        errText());
  }

  @Test
  void anUnexpectedFailureIsOneLineNamingItsClassAndExitCode1() {
    assertEquals(1, execute(() -> { throw new IllegalStateException("boom\nsecond line"); }));
    assertEquals("error: unexpected java.lang.IllegalStateException: boom\n", errText());
  }

  @Test
  void successPrintsNothingAndReturns0() {
    assertEquals(0, execute(() -> {}));
    assertEquals("", errText());
  }
}
