package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

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
}
