package org.sparksnn.jobs.tasks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.EncodeConfig;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.data.ImageTables;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.io.PathErrors;
import org.sparksnn.pipeline.stage.EncodeStage;
import org.sparksnn.pipeline.stage.EncodingSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encode stage of a run: reads each split's IDX files, encodes them with {@link EncodeStage},
 * and writes {@code <output.dir>/encoded/<split>} as Parquet, atomically, with {@code
 * resolved-config.yaml} beside it.
 */
public final class EncodeTask {
  private static final Logger LOG = LoggerFactory.getLogger(EncodeTask.class);

  private EncodeTask() {}

  /** The encoded table directory of a run. */
  public static Path outputPath(SparkSnnConfig config) {
    return new Path(config.output().dir(), "encoded");
  }

  /** Runs the stage; the caller holds the run's locks ({@link ConfigCommand}). */
  static Path runLocked(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    EncodeConfig enc = config.encode();
    if (enc == null) {
      throw new ConfigException("config has no 'encode' section");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DataTask.ensure(config.data(), hadoop);
    EncodeStage stage = enc.toStage();
    OutputDir out = OutputDir.create(outputPath(config), hadoop, config.output().overwrite());
    try {
      for (String split : enc.splits()) {
        IdxFiles files = IdxFiles.forSplit(split);
        Integer limit = split.equals("train") ? config.data().trainLimit() : config.data().testLimit();
        long t0 = System.nanoTime();
        Dataset<Row> images =
            ImageTables.fromIdx(
                spark,
                new Path(config.data().dir()),
                files,
                limit == null ? 0 : limit,
                enc.partitions());
        String table = new Path(out.tempPath(), split).toString();
        PathErrors.writing(
            new Path(table),
            hadoop,
            "write encoded table",
            () -> stage.transform(images).write().parquet(table));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!stage.getEncoding().binary()) {
          LOG.info("encoded {} {} images (time-tile) in {} s", images.count(), split, secs);
          continue;
        }
        EncodingSummary s =
            EncodingSummary.of(images, spark.read().parquet(table), stage.toEncoder());
        LOG.info(
            "encoded {} {} images ({}, {} steps) in {} s: {} images/s, {} spikes/s;"
                + " {} spikes/image (expected {})",
            s.images(),
            split,
            stage.getEncoding().configName(),
            enc.encoder().steps(),
            String.format("%.1f", secs),
            String.format("%.0f", s.images() / secs),
            String.format("%.3g", s.spikes() / secs),
            String.format("%.1f", s.spikesPerImage()),
            String.format("%.1f", s.expectedPerImage()));
      }
      writeText(out.tempPath(), "resolved-config.yaml", resolvedYaml, hadoop);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    LOG.info("encoded table written to {}", out.finalPath());
    return out.finalPath();
  }

  static void writeText(Path dir, String name, String text, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream o = fs.create(new Path(dir, name), true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw PathErrors.failure(new Path(dir, name), conf, "write", e);
    } catch (org.apache.hadoop.fs.FSError e) {
      throw PathErrors.failure(new Path(dir, name), conf, "write", e);
    }
  }
}
