package org.sparksnn.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;

/** Spark read failures, as their cause chains look, turned into errors naming the part file. */
class PartFileErrorsTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  /** Spark's {@code FAILED_READ_FILE} error: the file is a message parameter. */
  private static final class FailedReadFile extends RuntimeException implements SparkThrowable {
    private final String path;

    FailedReadFile(String path, Throwable cause) {
      super("[FAILED_READ_FILE.NO_HINT] Encountered an error (no path: it is a parameter)", cause);
      this.path = path;
    }

    @Override
    public String getCondition() {
      return "FAILED_READ_FILE.NO_HINT";
    }

    @Override
    public Map<String, String> getMessageParameters() {
      return Map.of("path", path);
    }
  }

  private static String message(Throwable failure) {
    RuntimeException e = PartFileErrors.of(failure, CONF);
    assertInstanceOf(DataFormatException.class, e);
    assertSame(failure, e.getCause());
    return e.getMessage();
  }

  @Test
  void aFileThatIsNotParquetIsNamedWithTheReason() {
    Throwable failure =
        new RuntimeException(
            "Exception thrown in awaitResult: ",
            new RuntimeException(
                "file:/t/x/part-0.parquet is not a Parquet file. Expected magic number at tail,"
                    + " but found [97, 108, 108, 10]"));
    assertEquals(
        "file:/t/x/part-0.parquet: not a Parquet file or corrupt (Expected magic number at tail,"
            + " but found [97, 108, 108, 10])",
        message(failure));
  }

  @Test
  void theFileOfSparksFailedReadFileErrorIsNamedInItsQualifiedForm() {
    Throwable failure =
        new FailedReadFile(
            "file:///t/x/part-1.parquet",
            new IOException(
                "can not read class org.apache.parquet.format.PageHeader: Required field"
                    + " 'uncompressed_page_size' was not found in serialized data! Struct:"
                    + " org.apache.parquet.format.PageHeader$PageHeaderStandardScheme@7f06d3c7"));
    assertEquals(
        "file:/t/x/part-1.parquet: not a Parquet file or corrupt (can not read class"
            + " org.apache.parquet.format.PageHeader: Required field 'uncompressed_page_size' was"
            + " not found in serialized data!)",
        message(failure));
  }

  @Test
  void aFailureWhoseCausesWereLostIsNamedFromItsMessage() {
    Throwable failure =
        new RuntimeException(
            "Job aborted due to stage failure: Task 0 in stage 0.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 (TID 3) (10.0.0.2 executor 1):"
                + " org.apache.spark.SparkException: [FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER]"
                + " Encountered error while reading file hdfs://nn:8020/runs/a/part-2.parquet."
                + " Could not read footer.");
    RuntimeException e = PartFileErrors.of(failure, CONF);
    assertEquals(
        "hdfs://nn:8020/runs/a/part-2.parquet: not a Parquet file or corrupt (cannot read its"
            + " footer)",
        e.getMessage());
  }

  @Test
  void aChecksumMismatchNamesTheChecksumFile() {
    Throwable failure =
        new RuntimeException(
            "Exception thrown in awaitResult: ",
            new ChecksumException(
                "Checksum error: file:/t/x/part-0.parquet at 512 exp: -39 got: 75", 512));
    assertEquals(
        "file:/t/x/part-0.parquet: not a Parquet file or corrupt (does not match its checksum file"
            + " file:/t/x/.part-0.parquet.crc: the file was changed by another program since"
            + " spark-snn wrote it, or is damaged; to use it as it is, delete the checksum file)",
        message(failure));
  }

  @Test
  void aPartFileDeletedWhileReadingIsNotCalledCorrupt() throws Exception {
    Path gone = tmp.resolve("part-0.parquet");
    Throwable failure =
        new FailedReadFile(gone.toUri().toString(), new FileNotFoundException(gone.toString()));
    assertEquals("file:" + gone + ": file not found", message(failure));
    assertTrue(Files.notExists(gone));
  }

  @Test
  void aFailureNamingNoFileIsLeftAsItIs() {
    IllegalStateException other = new IllegalStateException("executor lost");
    assertNull(PartFileErrors.of(other, CONF));
    assertSame(
        other,
        assertThrows(
            IllegalStateException.class,
            () ->
                PartFileErrors.reading(
                    CONF,
                    () -> {
                      throw other;
                    })));
    assertEquals("rows", PartFileErrors.reading(CONF, () -> "rows"));
  }

  @Test
  void readingTurnsAPartFileFailureIntoTheNamedError() {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () ->
                PartFileErrors.reading(
                    CONF,
                    () -> {
                      throw new RuntimeException("file:/t/p.parquet is not a Parquet file.");
                    }));
    assertEquals(
        "file:/t/p.parquet: not a Parquet file or corrupt (no Parquet magic number at its end)",
        e.getMessage());
  }
}
