package org.sparksnn.pipeline.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;

class OutputDirTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = new Configuration();

  private void write(Path file, String text) throws Exception {
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream o = fs.create(file, true)) {
      o.write(text.getBytes());
    }
  }

  @Test
  void nothingIsVisibleBeforeCommitAndCompleteAfter() throws Exception {
    Path target = new Path(tmp.resolve("out").toUri());
    OutputDir out = OutputDir.create(target, conf, false);
    write(new Path(out.tempPath(), "part-0"), "abc");
    assertFalse(Files.exists(tmp.resolve("out")));
    out.commit();
    assertTrue(Files.exists(tmp.resolve("out/part-0")));
    assertTrue(OutputDir.isComplete(target, conf));
  }

  @Test
  void truncatedFileAfterCommitIsNotComplete() throws Exception {
    Path target = new Path(tmp.resolve("out").toUri());
    OutputDir out = OutputDir.create(target, conf, false);
    write(new Path(out.tempPath(), "part-0"), "abcdef");
    out.commit();
    Files.writeString(tmp.resolve("out/part-0"), "abc");
    assertFalse(OutputDir.isComplete(target, conf));
  }

  @Test
  void directoryWithoutMarkerIsNotComplete() throws Exception {
    Files.createDirectories(tmp.resolve("half"));
    Files.writeString(tmp.resolve("half/part-0"), "x");
    assertFalse(OutputDir.isComplete(new Path(tmp.resolve("half").toUri()), conf));
  }

  @Test
  void refusesExistingOutputWithoutOverwrite() throws Exception {
    Files.createDirectories(tmp.resolve("exists"));
    SnnException e =
        assertThrows(
            SnnException.class,
            () -> OutputDir.create(new Path(tmp.resolve("exists").toUri()), conf, false));
    assertTrue(e.getMessage().contains("output already exists"), e.getMessage());
  }

  @Test
  void overwriteReplacesOnCommitOnly() throws Exception {
    Files.createDirectories(tmp.resolve("o"));
    Files.writeString(tmp.resolve("o/old"), "old");
    Path target = new Path(tmp.resolve("o").toUri());
    OutputDir out = OutputDir.create(target, conf, true);
    write(new Path(out.tempPath(), "new"), "new");
    assertTrue(Files.exists(tmp.resolve("o/old")));
    out.commit();
    assertFalse(Files.exists(tmp.resolve("o/old")));
    assertTrue(Files.exists(tmp.resolve("o/new")));
  }

  @Test
  void abortLeavesNothing() throws Exception {
    Path target = new Path(tmp.resolve("a").toUri());
    OutputDir out = OutputDir.create(target, conf, false);
    write(new Path(out.tempPath(), "x"), "x");
    out.abort();
    try (var files = Files.list(tmp)) {
      assertTrue(files.findAny().isEmpty());
    }
  }

  /** Commits {@code part-0} = "abcdef" into {@code out}; returns the final path. */
  private Path committed() throws Exception {
    Path target = new Path(tmp.resolve("out").toUri());
    OutputDir out = OutputDir.create(target, conf, false);
    write(new Path(out.tempPath(), "part-0"), "abcdef");
    out.commit();
    assertTrue(OutputDir.isComplete(target, conf));
    return target;
  }

  @Test
  void sameSizeEditAfterCommitIsNotCompleteAndReadersNameTheFile() throws Exception {
    Path target = committed();
    Files.writeString(tmp.resolve("out/part-0"), "abcdeX");
    Files.deleteIfExists(tmp.resolve("out/.part-0.crc")); // an editor that knows nothing of Hadoop
    assertFalse(OutputDir.isComplete(target, conf));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> OutputDir.checkMarkerIfPresent(target, conf));
    assertTrue(
        e.getMessage().contains(": incomplete or changed since it was written: part-0 has other content"
            + " than when it was written (CRC-32C "),
        e.getMessage());
  }

  @Test
  void sameSizeEditUnderAStaleLocalChecksumFileIsNamedToo() throws Exception {
    Path target = committed();
    Files.writeString(tmp.resolve("out/part-0"), "Abcdef");
    assertTrue(Files.exists(tmp.resolve("out/.part-0.crc")));
    assertFalse(OutputDir.isComplete(target, conf));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> OutputDir.checkMarkerIfPresent(target, conf));
    assertTrue(
        e.getMessage()
            .contains(
                "part-0 has other content than when it was written, and no longer matches its"
                    + " checksum file .part-0.crc either (delete that file as well)"),
        e.getMessage());
  }

  @Test
  void markerOfFormatOneIsCheckedBySizes() throws Exception {
    Path target = committed();
    String lines = "6\tpart-0\n";
    String sha =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest((lines + "sha256\t").getBytes()));
    java.nio.file.Path marker = tmp.resolve("out").resolve(OutputDir.MARKER);
    Files.deleteIfExists(tmp.resolve("out/." + OutputDir.MARKER + ".crc"));
    Files.writeString(marker, lines + "sha256\t" + sha + "\n");
    assertTrue(OutputDir.isComplete(target, conf));
    Files.writeString(tmp.resolve("out/part-0"), "abc");
    Files.deleteIfExists(tmp.resolve("out/.part-0.crc"));
    assertFalse(OutputDir.isComplete(target, conf));
  }

  @Test
  void editedMarkerIsReportedAsDamaged() throws Exception {
    Path target = committed();
    java.nio.file.Path marker = tmp.resolve("out").resolve(OutputDir.MARKER);
    Files.deleteIfExists(tmp.resolve("out/." + OutputDir.MARKER + ".crc"));
    Files.writeString(marker, Files.readString(marker).replaceFirst("^6\t", "7\t"));
    assertFalse(OutputDir.isComplete(target, conf));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> OutputDir.checkMarkerIfPresent(target, conf));
    assertTrue(e.getMessage().contains("the marker is damaged (its sha256 line does not match its file list)"), e.getMessage());
  }
}
