package org.sparksnn.jobs.tasks;

import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.jobs.config.DataConfig;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.data.DatasetFetcher;
import org.sparksnn.pipeline.data.DatasetSource;
import org.sparksnn.pipeline.io.HadoopPaths;

/** Makes the dataset of a config available: fetches it when missing and {@code fetch} is on. */
public final class DataTask {
  private static final Logger LOG = LoggerFactory.getLogger(DataTask.class);

  private DataTask() {}

  /**
   * Ensures {@code data.dir} holds a readable dataset (both splits, checked by {@link
   * IdxDataset#read}); if not and {@code data.fetch} is on, fetches it.
   */
  public static void ensure(DataConfig data, Configuration conf) {
    Path dir = new Path(data.dir());
    DataFormatException problem;
    try {
      IdxDataset.read(dir, IdxFiles.TRAIN, conf);
      IdxDataset.read(dir, IdxFiles.TEST, conf);
      return;
    } catch (DataFormatException e) {
      problem = e;
    }
    if (!data.fetch()) {
      throw new SnnException(
          "dataset "
              + data.dataset().cliName()
              + " in "
              + HadoopPaths.qualified(dir, conf)
              + " is not usable ("
              + problem.getMessage()
              + ") and data.fetch is false; "
              + fetchHint(data.dataset().cliName(), dir),
          problem);
    }
    String name = data.dataset().cliName();
    Path parent = dir.getParent();
    boolean defaultDir = data.dir().equals("data/" + name);
    if (!defaultDir && parent != null && !HadoopPaths.exists(parent, conf)) {
      // a mistyped data.dir is not created (with its parents) and filled with a download
      throw new SnnException(
          "data.dir: "
              + HadoopPaths.qualified(dir, conf)
              + " has no dataset and its parent "
              + HadoopPaths.qualified(parent, conf)
              + " does not exist; check the path, or create the parent to have "
              + name
              + " fetched there",
          problem);
    }
    LOG.info("dataset {} is not in {} ({}): fetching it", name,
        HadoopPaths.qualified(dir, conf), problem.getMessage());
    new DatasetFetcher(conf, Paths.get(".spark-snn", "downloads"))
        .fetch(DatasetSource.forName(name), dir, null);
  }

  /** The fetch-data command that fills {@code dir} (which writes {@code --dir}/{@code <name>}). */
  static String fetchHint(String name, Path dir) {
    if (!dir.getName().equals(name)) {
      return "fetch-data writes DIR/"
          + name
          + ": run bin/spark-snn fetch-data --dataset "
          + name
          + " --dir DIR and set data.dir to DIR/"
          + name
          + ", or put the four IDX files in "
          + dir;
    }
    String parent = dir.getParent() == null ? "." : dir.getParent().toString();
    return "run: bin/spark-snn fetch-data --dataset "
        + name
        + (parent.equals("data") ? "" : " --dir " + parent);
  }
}
