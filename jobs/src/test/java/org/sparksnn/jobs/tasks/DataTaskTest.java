package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.DataConfig;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.yaml.TypedYaml;

/** What an unusable dataset directory tells the user to run. */
class DataTaskTest {
  @Test
  void defaultDataDirectoryNeedsOnlyTheDataset() {
    assertEquals(
        "run: bin/spark-snn fetch-data --dataset mnist", DataTask.fetchHint("mnist", new Path("data/mnist")));
  }

  @Test
  void anotherParentIsPassedAsDir() {
    assertEquals(
        "run: bin/spark-snn fetch-data --dataset fashion-mnist --dir /srv/sets",
        DataTask.fetchHint("fashion-mnist", new Path("/srv/sets/fashion-mnist")));
  }

  @Test
  void aDirectoryNotNamedAfterTheDatasetGetsBothWaysOut() {
    assertEquals(
        "fetch-data writes DIR/mnist: run bin/spark-snn fetch-data --dataset mnist --dir DIR and set"
            + " data.dir to DIR/mnist, or put the four IDX files in /tmp/baddata/flip",
        DataTask.fetchHint("mnist", new Path("/tmp/baddata/flip")));
  }

  @Test
  void aDataDirWhoseParentIsMissingIsNotCreatedAndFilledWithADownload(@TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path dir = tmp.resolve("typo/mnist");
    DataConfig data =
        new TypedYaml().load("dataset: mnist\ndir: " + dir + "\n", "d.yaml", List.of(),
            DataConfig.class);
    SnnException e =
        assertThrows(SnnException.class, () -> DataTask.ensure(data, new Configuration()));
    assertEquals(
        "data.dir: file:" + dir + " has no dataset and its parent file:" + tmp.resolve("typo")
            + " does not exist; check the path, or create the parent to have mnist fetched there",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("typo")), "created the missing parent");
  }
}
