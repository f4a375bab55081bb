package org.sparksnn.jobs.tasks;

import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.config.DataConfig;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.data.DatasetFetcher;
import org.sparksnn.pipeline.data.DatasetSource;
import org.sparksnn.pipeline.io.HadoopPaths;

/** Makes the dataset of a config available: fetches it when missing and {@code fetch} is on. */
public final class DataTask {
  private DataTask() {}

  /** Ensures {@code data.dir} holds the verified dataset; fetches it if allowed. */
  public static void ensure(DataConfig data, Configuration conf) {
    DatasetFetcher fetcher = new DatasetFetcher(conf, Paths.get(".spark-snn", "downloads"));
    Path dir = new Path(data.dir());
    if (fetcher.allVerified(dir)) {
      return;
    }
    if (!data.fetch()) {
      throw new SnnException(
          HadoopPaths.qualified(dir, conf)
              + ": dataset "
              + data.dataset().cliName()
              + " is missing or incomplete and data.fetch is false; run: bin/spark-snn fetch-data"
              + " --dataset "
              + data.dataset().cliName());
    }
    fetcher.fetch(DatasetSource.forName(data.dataset().cliName()), dir, null);
  }
}
