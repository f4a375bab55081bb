package org.sparksnn.jobs.config;

import org.sparksnn.ops.Checks;

/**
 * Where the dataset lives.
 *
 * @param dataset which dataset (decides the number of classes and how {@code fetch-data} gets it)
 * @param dir directory holding {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *     {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte} (each plain or {@code .gz});
 *     any Hadoop path. Default {@code data/<dataset>}
 * @param trainLimit use only the first N training images; default all
 * @param testLimit use only the first N test images; default all
 * @param fetch run {@code fetch-data} when the files are missing (local paths only); default true
 */
public record DataConfig(
    DatasetName dataset, String dir, Integer trainLimit, Integer testLimit, Boolean fetch) {
  public DataConfig {
    Checks.notNull("dataset", dataset);
    if (dir == null || dir.isBlank()) {
      dir = "data/" + dataset.cliName();
    }
    if (trainLimit != null) {
      Checks.positive("trainLimit", trainLimit);
    }
    if (testLimit != null) {
      Checks.positive("testLimit", testLimit);
    }
    if (fetch == null) {
      fetch = true;
    }
  }

  /** Number of classes of the dataset's labels. */
  public int numClasses() {
    return 10;
  }
}
