package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-point result files a re-run of a sweep reads back instead of recomputing. */
class PointStoreTest {
  @TempDir java.nio.file.Path tmp;

  private PointStore store() {
    return new PointStore(new Path(tmp.resolve("points").toUri()), new Configuration());
  }

  @Test
  void readsBackTheWrittenPointUnderItsKeyOnly() throws IOException {
    PointResult r = PointMetricsTest.build("abc123");
    store().write(r);
    try (var files = Files.list(tmp.resolve("points"))) {
      // no temporary file is left (hidden files are Hadoop's checksums)
      assertEquals(
          List.of("abc123.json"),
          files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".")).toList());
    }
    PointResult back = store().read("abc123").orElseThrow();
    assertEquals("abc123", back.key());
    assertEquals(r.accuracy(), back.accuracy());
    assertEquals(r.accuracyMean(), back.accuracyMean());
    assertArrayEquals(r.accuracyPerStep(), back.accuracyPerStep());
    assertEquals(r.layers().get(0).rateMeanHz(), back.layers().get(0).rateMeanHz());
    assertEquals(r.synopsPerInference(), back.synopsPerInference());
    assertTrue(store().read("other").isEmpty(), "no file: compute the point");
  }

  /**
   * A file whose content belongs to another point (copied or renamed by hand) must not stand in
   * for the point its name says: the re-run recomputes it.
   */
  @Test
  void aFileHoldingAnotherPointIsNotReused() throws IOException {
    store().write(PointMetricsTest.build("abc123"));
    java.nio.file.Path dir = tmp.resolve("points");
    Files.copy(dir.resolve("abc123.json"), dir.resolve("def456.json"));
    assertTrue(store().read("def456").isEmpty());
    assertTrue(store().read("abc123").isPresent());
  }

  @Test
  void anUnreadableFileIsRecomputedNotFatal() throws IOException {
    store().write(PointMetricsTest.build("abc123"));
    java.nio.file.Path f = tmp.resolve("points").resolve("abc123.json");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    assertTrue(store().read("abc123").isEmpty());
  }
}
