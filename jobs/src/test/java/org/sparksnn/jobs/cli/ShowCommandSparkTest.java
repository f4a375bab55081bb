package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} on a table whose part file is not Parquet or is damaged: one {@code error:} line
 * naming the part file and the reason, exit code 2, nothing printed on standard output, no
 * "unexpected" failure. And {@code show} on a directory holding tables: the only one is shown,
 * several are listed.
 */
@Tag("spark")
class ShowCommandSparkTest {
  /** A valid Parquet images table written by parquetjs (pipeline's test fixtures). */
  private static final String FIXTURE = "/foreign-parquet/images.parquet";

  @TempDir static Path tmp;
  private static byte[] parquet;

  @BeforeAll
  static void fixture() throws Exception {
    try (InputStream in = ShowCommandSparkTest.class.getResourceAsStream(FIXTURE)) {
      parquet = in.readAllBytes();
    }
  }

  /** A table directory {@code name} holding {@code part-0.parquet} with {@code bytes}. */
  private static Path table(String name, byte[] bytes) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.write(dir.resolve("part-0.parquet"), bytes);
    return dir;
  }

  /** Runs {@code show dir}, checks a user error naming the part file, returns the reason. */
  private static String showFails(Path dir) {
    CliRun r = CliRun.of("show", dir.toString(), "--master", "local[1]");
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertFalse(r.err().contains("error: unexpected"), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    String prefix =
        "error: file:" + dir.resolve("part-0.parquet") + ": not a Parquet file or corrupt (";
    assertTrue(r.error().startsWith(prefix) && r.error().endsWith(")"), r.error());
    return r.error().substring(prefix.length(), r.error().length() - 1);
  }

  @Test
  void aPartFileThatIsNotParquetIsNamed() throws Exception {
    Path dir = table("text", "hello, this is not parquet at all\n".getBytes());
    assertEquals("Expected magic number at tail, but found [97, 108, 108, 10]", showFails(dir));
  }

  @Test
  void aTruncatedPartFileIsNamed() throws Exception {
    Path dir = table("truncated", Arrays.copyOf(parquet, parquet.length / 2));
    // parquet-mr reads the footer length before the magic number; either can be the complaint
    String reason = showFails(dir);
    assertTrue(
        reason.startsWith("Expected magic number at tail, but found [")
            || reason.startsWith("footer is too large: "),
        reason);
  }

  @Test
  void aPartFileWithDamagedPagesIsNamedWhenTheRowsAreRead() throws Exception {
    // the footer (schema) is intact, so the failure comes from reading the rows
    int footerLength =
        ByteBuffer.wrap(parquet, parquet.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] damaged = parquet.clone();
    Arrays.fill(damaged, 4, parquet.length - 8 - footerLength, (byte) 0x55);
    Path dir = table("damaged", damaged);
    String reason = showFails(dir);
    assertFalse(reason.isEmpty() || reason.contains("part-0.parquet"), reason);
  }

  @Test
  void aPartFileChangedUnderItsChecksumIsNamedWithTheChecksumFile() throws Exception {
    // written through Hadoop's local file system, which keeps a .crc file beside it
    Path dir = Files.createDirectories(tmp.resolve("checksummed"));
    FileSystem local = FileSystem.getLocal(new Configuration());
    Path part = dir.resolve("part-0.parquet");
    try (OutputStream o = local.create(new org.apache.hadoop.fs.Path(part.toUri()))) {
      o.write(parquet);
    }
    Files.write(part, Arrays.copyOf(parquet, parquet.length - 100));
    String reason = showFails(dir);
    assertTrue(
        reason.startsWith(
            "does not match its checksum file file:" + dir.resolve(".part-0.parquet.crc")),
        reason);
  }

  @Test
  void aSweepResultsDirectoryShowsItsResultsTable() throws Exception {
    Path table = table("sweep/results/results.parquet", parquet);
    Files.writeString(tmp.resolve("sweep/results/report.md"), "# Evaluation sweep\n");
    Path results = tmp.resolve("sweep/results");
    CliRun direct = CliRun.of("show", table.toString(), "--limit", "1", "--master", "local[1]");
    assertEquals(0, direct.code(), direct.err());
    CliRun r = CliRun.of("show", results.toString(), "--limit", "1", "--master", "local[1]");
    assertEquals(0, r.code(), r.err());
    assertEquals(direct.out(), r.out());
    assertTrue(r.err().contains("showing file:" + table + "\n"), r.err());
    assertFalse(direct.err().contains("showing "), direct.err());
  }

  @Test
  void aDirectoryHoldingSeveralTablesListsThem() throws Exception {
    table("run/encoded/train", parquet);
    table("run/encoded/test", parquet);
    CliRun r = CliRun.of("show", tmp.resolve("run").toString(), "--master", "local[1]");
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "error: file:"
            + tmp.resolve("run")
            + ": not a Parquet table; it holds the tables encoded/test, encoded/train; show one"
            + " of them",
        r.error());
  }

  @Test
  void aBadMasterIsRejectedBeforeSparkStarts() throws Exception {
    Path dir = table("master", parquet);
    CliRun r = CliRun.of("show", dir.toString(), "--master", "local[x]");
    assertEquals(2, r.code(), r.err());
    assertEquals(
        "error: --master: 'local[x]' is not a Spark master URL; expected local[*], local[N],"
            + " spark://HOST:PORT, yarn or k8s://HOST:PORT",
        r.error());
    assertEquals("", r.out());
  }

  @Test
  void aNegativeLimitIsRejectedBeforeSparkStarts() throws Exception {
    Path dir = table("limit", parquet);
    CliRun r = CliRun.of("show", dir.toString(), "--limit", "-1", "--master", "local[1]");
    assertEquals(2, r.code(), r.err());
    assertEquals("error: --limit must be >= 0, got -1", r.error());
    assertEquals("", r.out());
  }
}
