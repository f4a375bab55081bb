package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neuron rates|simulate} on bad options: each gives one {@code error:} line naming the
 * option, the value and the constraint, exit code 2, no stack trace and no output.
 */
class NeuronCommandTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path tmp;

  /** Runs {@code neuron args…}, checks that it failed as a user error, returns the message. */
  private static String userError(String... args) {
    String[] all = Stream.concat(Stream.of("neuron"), Arrays.stream(args)).toArray(String[]::new);
    CliRun r = CliRun.of(all);
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out(), "no output");
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r.error();
  }

  private List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void nanCurrentIsAnError() {
    assertEquals(
        "error: --current[1] must be finite, got NaN",
        userError("simulate", "--neuron", "lif", "--current", "0,NaN,5", "--steps", "5"));
  }

  @Test
  void infiniteCurrentIsAnError() {
    assertEquals(
        "error: --current[0] must be finite, got Infinity",
        userError("simulate", "--neuron", "lif", "--current", "Infinity,1", "--steps", "5"));
    assertEquals(
        "error: --current[2] must be finite, got -Infinity",
        userError("simulate", "--neuron", "relu", "--current", "0,1,-Infinity"));
  }

  @Test
  void nonPositiveStepsNameTheOption() {
    assertEquals(
        "error: --steps must be >= 1, got -5",
        userError("simulate", "--neuron", "lif", "--current", "1", "--steps", "-5"));
    assertEquals(
        "error: --steps must be >= 1, got 0",
        userError("simulate", "--neuron", "lif", "--current", "1", "--steps", "0"));
  }

  @Test
  void tooManySimulatedValuesNameStepsAndCurrents() {
    assertEquals(
        "error: --steps (60000000) times the number of --current values (2) must be at most"
            + " 100000000",
        userError("simulate", "--neuron", "relu", "--current", "1,2", "--steps", "60000000"));
  }

  @Test
  void nonFiniteDtAndParamsAreErrors() {
    assertEquals(
        "error: --dt must be finite, got Infinity",
        userError("simulate", "--neuron", "lif", "--current", "1", "--dt", "Infinity"));
    assertEquals(
        "error: --dt must be > 0, got NaN",
        userError("rates", "--neuron", "lif", "--dt", "NaN"));
    assertEquals(
        "error: --param tauRc must be finite, got Infinity",
        userError("rates", "--neuron", "lif", "--param", "tauRc=Infinity"));
  }

  @Test
  void nonFiniteRateRangeIsAnError() {
    assertEquals(
        "error: --from must be finite, got NaN",
        userError("rates", "--neuron", "lif", "--from", "NaN"));
    assertEquals(
        "error: --to must be finite, got Infinity",
        userError("rates", "--neuron", "lif", "--to", "Infinity"));
    assertEquals(
        "error: --from must be finite, got -Infinity",
        userError("rates", "--neuron", "lif", "--from", "-Infinity"));
    assertEquals(
        "error: --step must be finite, got Infinity",
        userError("rates", "--neuron", "lif", "--step", "Infinity"));
    assertEquals(
        "error: --step must be > 0, got NaN",
        userError("rates", "--neuron", "lif", "--step", "NaN"));
  }

  @Test
  void zeroOrNegativeStepNamesTheOption() {
    assertEquals(
        "error: --step must be > 0, got 0.0",
        userError("rates", "--neuron", "lif", "--from", "0", "--to", "1", "--step", "0"));
    assertEquals(
        "error: --step must be > 0, got -0.5",
        userError("rates", "--neuron", "lif", "--from", "0", "--to", "1", "--step", "-0.5"));
  }

  @Test
  void toBelowFromNamesBothOptions() {
    assertEquals(
        "error: --to (1.0) must be >= --from (5.0)",
        userError("rates", "--neuron", "lif", "--from", "5", "--to", "1"));
  }

  @Test
  void tooManyPointsNameTheOptionsAndTheBound() {
    String e = userError("rates", "--neuron", "lif", "--from", "0", "--to", "1", "--step", "1e-18");
    assertEquals(
        "error: --from 0.0 --to 1.0 --step 1.0E-18 gives 1.00e+18 points, at most 1000000 are"
            + " allowed; use a larger --step",
        e);
    assertEquals(
        "error: --from 0.0 --to 1.0 --step 1.0E-6 gives 1000001 points, at most 1000000 are"
            + " allowed; use a larger --step",
        userError("rates", "--neuron", "lif", "--from", "0", "--to", "1", "--step", "1e-6"));
    assertTrue(
        userError("rates", "--neuron", "lif", "--from", "-1e308", "--to", "1e308", "--step", "1")
            .contains("gives Infinity points, at most 1000000"));
  }

  @Test
  void aRangeAtTheBoundIsAccepted() {
    CliRun r =
        CliRun.of(
            "neuron", "rates", "--neuron", "relu", "--from", "0", "--to", "1", "--step", "1e-5");
    assertEquals(0, r.code(), r.err());
    assertEquals(1 + 100_001, r.out().lines().count());
  }

  @Test
  void plotIntoAMissingDirectoryIsAUserErrorBeforeAnyOutput() {
    Path plot = tmp.resolve("none/dir/r.png");
    assertEquals(
        "error: --plot " + plot + ": cannot write: directory " + plot.getParent()
            + " does not exist",
        userError(
            "rates", "--neuron", "lif", "--from", "0", "--to", "1", "--step", "0.5", "--plot",
            plot.toString()));
    assertFalse(Files.exists(tmp.resolve("none")));
  }

  @Test
  void plotBelowAFileIsAUserError() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    Path plot = file.resolve("r.png");
    assertEquals(
        "error: --plot " + plot + ": cannot write: " + file + " is not a directory",
        userError("rates", "--neuron", "relu", "--plot", plot.toString()));
    assertEquals("x", Files.readString(file));
  }

  @Test
  void plotOntoADirectoryIsAUserError() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("r.png"));
    assertEquals(
        "error: --plot " + dir + ": cannot write: " + dir + " is a directory",
        userError("rates", "--neuron", "relu", "--plot", dir.toString()));
    assertEquals(List.of(), files(dir));
  }

  @Test
  void plotIntoAnUnwritableDirectoryIsAUserError() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    assertTrue(dir.toFile().setWritable(false));
    try {
      String e = userError("rates", "--neuron", "relu", "--plot", dir.resolve("r.png").toString());
      assertTrue(e.endsWith(": cannot write: permission denied (" + dir + " is not writable)"), e);
      assertEquals(List.of(), files(dir));
    } finally {
      dir.toFile().setWritable(true);
    }
  }

  @Test
  void plotIsWrittenWholeWithNothingElseLeftBehind() throws Exception {
    Path plot = tmp.resolve("r.png");
    Files.writeString(plot, "an older plot");
    CliRun r =
        CliRun.of(
            "neuron", "rates", "--neuron", "lif", "--from", "0", "--to", "10", "--step", "0.5",
            "--plot", plot.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("current,rate_hz\n0.0,0.0\n"), r.out());
    assertTrue(r.err().contains("plot: " + plot), r.err());
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Files.readAllBytes(plot), 4));
    assertEquals(List.of("r.png"), files(tmp));
  }

  @Test
  void aFailedPlotWriteRemovesItsTemporaryFileAndNamesTheOption() throws Exception {
    // the target turned into a non-empty directory after the up-front check: the rename fails
    Path target = Files.createDirectory(tmp.resolve("r.png"));
    Files.writeString(target.resolve("keep"), "k");
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> LocalFileOutput.writeAtomically(target, new byte[] {1, 2, 3}, "--plot r.png"));
    assertTrue(e.getMessage().startsWith("--plot r.png: cannot write: "), e.getMessage());
    assertEquals(List.of("r.png"), files(tmp));
    assertEquals(Set.of("keep"), Set.copyOf(files(target)));
  }

  @Test
  void aPlotDirectoryRemovedBeforeTheWriteIsAUserError() {
    Path target = tmp.resolve("gone/r.png");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LocalFileOutput.writeAtomically(target, new byte[] {1}, "--plot " + target));
    assertEquals(
        "--plot " + target + ": cannot write: directory " + target.getParent() + " does not exist",
        e.getMessage());
  }
}
