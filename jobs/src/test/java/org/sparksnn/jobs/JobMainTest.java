package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.DataFormatException;

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

  @Test
  void anIllegalArgumentOrAnInputErrorIsAUsageErrorWithExitCode2() {
    assertEquals(
        2, execute(() -> { throw new IllegalArgumentException("--steps must be in [1, 4], got 9"); }));
    assertEquals(2, execute(() -> { throw new DataFormatException("x.npy: shape is [3]"); }));
    assertEquals("error: --steps must be in [1, 4], got 9\nerror: x.npy: shape is [3]\n", errText());
  }

  @Test
  void anIoFailureIsOneErrorLineAndExitCode1() {
    assertEquals(
        1,
        execute(
            () -> {
              throw new java.io.UncheckedIOException(
                  "file:/r/model: cannot write: Permission denied",
                  new java.io.IOException("Permission denied"));
            }));
    assertEquals("error: file:/r/model: cannot write: Permission denied\n", errText());
  }

  @Test
  void aFullDiskIsOneCannotWriteLineAndExitCode1() throws Exception {
    // the local file system's FSError, e.g. no space left on device (its constructor is not public)
    var make = org.apache.hadoop.fs.FSError.class.getDeclaredConstructor(Throwable.class);
    make.setAccessible(true);
    org.apache.hadoop.fs.FSError full = make.newInstance(new java.io.IOException("No space left on device"));
    assertEquals(1, execute(() -> { throw full; }));
    assertEquals("error: cannot write: java.io.IOException: No space left on device\n", errText());
  }
}
