package org.sparksnn.pipeline.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cause of a file-system failure in words, whatever exception type carried it. */
class PathErrorsTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = new Configuration();

  @Test
  void aFileNotFoundExceptionSayingWhyIsNotReportedAsMissing() throws Exception {
    // java.io reports a read-only mount or a directory in the way as FileNotFoundException
    Files.createDirectories(tmp.resolve("out"));
    Path file = new Path(tmp.resolve("out/s.npz").toUri());
    assertEquals(
        "read-only file system",
        PathErrors.cause(file, conf, new FileNotFoundException(file + " (Read-only file system)")));
    assertEquals(
        "is a directory",
        PathErrors.cause(file, conf, new FileNotFoundException(file + " (Is a directory)")));
  }

  @Test
  void aTrulyMissingFileNamesItsHighestMissingAncestor() {
    Path file = new Path(tmp.resolve("a/b/c.idx").toUri());
    String cause =
        PathErrors.cause(
            file, conf, new FileNotFoundException(file + " (No such file or directory)"));
    assertTrue(cause.startsWith("not found ("), cause);
    assertTrue(cause.endsWith("/a does not exist)"), cause);
  }
}
