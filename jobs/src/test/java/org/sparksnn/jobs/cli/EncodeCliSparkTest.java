package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark-snn encode}: each split is encoded with its own limit from the data section. */
@Tag("spark")
class EncodeCliSparkTest {
  @TempDir static Path tmp;

  /** The rows of a Parquet table: the record counts in its part files' footers. */
  private static long rows(Path table) throws Exception {
    long n = 0;
    try (var files = Files.list(table)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        try (var reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(f.toUri()),
                    new org.apache.hadoop.conf.Configuration()))) {
          n += reader.getRecordCount();
        }
      }
    }
    return n;
  }

  @Test
  void eachSplitIsEncodedUpToItsOwnLimit() throws Exception {
    SyntheticIdx.write(tmp.resolve("data"), 60, 20, 3);
    Path config = tmp.resolve("enc.yaml");
    Files.writeString(
        config,
        """
        name: enc-test
        data: {dataset: mnist, dir: %s, fetch: false, trainLimit: 30, testLimit: 12}
        encode:
          encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}
          partitions: 1
          splits: [train, test]
        output: {dir: %s}
        """
            .formatted(tmp.resolve("data"), tmp.resolve("run")));
    CliRun r = CliRun.of("encode", config.toString(), "--master", "local[1]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("encoded: "), r.out());
    assertEquals(30, rows(tmp.resolve("run/encoded/train")));
    assertEquals(12, rows(tmp.resolve("run/encoded/test")));
  }
}
