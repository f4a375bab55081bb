package org.sparksnn.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;

/** Finding the table to show (no Spark session needed). */
class TableFormatterTest {
  @Test
  void aTableIsItsOwnTable(@TempDir Path tmp) throws Exception {
    Path t = table(tmp, "encoded/test");
    assertEquals(t.toString(), TableFormatter.resolve(new Configuration(), t.toString()));
  }

  @Test
  void aDirectoryHoldingOneTableWithinThreeLevelsResolvesToIt(@TempDir Path tmp) throws Exception {
    table(tmp, "run/sweep/results/results.parquet");
    Files.createDirectories(tmp.resolve("run/sweep/points"));
    Files.writeString(tmp.resolve("run/sweep/results/report.md"), "# Evaluation sweep\n");
    for (String dir : List.of("run/sweep/results", "run/sweep", "run")) {
      assertEquals(
          tmp.resolve("run/sweep/results/results.parquet").toString(),
          TableFormatter.resolve(new Configuration(), tmp.resolve(dir).toString()),
          dir);
    }
  }

  @Test
  void aDirectoryHoldingSeveralTablesListsThem(@TempDir Path tmp) throws Exception {
    table(tmp, "run/encoded/train");
    table(tmp, "run/encoded/test");
    table(tmp, "run/sweep/results/results.parquet");
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("run").toString()));
    assertEquals(
        "file:"
            + tmp.resolve("run")
            + ": not a Parquet table; it holds the tables encoded/test, encoded/train,"
            + " sweep/results/results.parquet; show one of them",
        e.getMessage());
  }

  @Test
  void aDirectoryWithoutTablesSaysWhatItHolds(@TempDir Path tmp) throws Exception {
    table(tmp, "run/a/b/c/deep");
    Files.createDirectories(tmp.resolve("run/model"));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("run").toString()));
    assertEquals(
        "file:" + tmp.resolve("run") + ": not a Parquet table; it holds: a, model", e.getMessage());
    e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("none").toString()));
    assertEquals("file:" + tmp.resolve("none") + ": no such table", e.getMessage());
  }

  /** A directory {@code relative} under {@code root} holding an (empty) Parquet part file. */
  private static Path table(Path root, String relative) throws Exception {
    Path dir = Files.createDirectories(root.resolve(relative));
    Files.write(dir.resolve("part-00000.snappy.parquet"), new byte[0]);
    return dir;
  }
}
