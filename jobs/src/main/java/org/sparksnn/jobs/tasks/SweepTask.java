package org.sparksnn.jobs.tasks;

import static org.sparksnn.jobs.tables.TextTable.Align.LEFT;
import static org.sparksnn.jobs.tables.TextTable.Align.RIGHT;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.jobs.config.EncodeConfig;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.config.SweepConfig;
import org.sparksnn.jobs.tables.TextTable;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.loihi.TargetScales;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.sweep.EvalImages;
import org.sparksnn.pipeline.sweep.ModelNames;
import org.sparksnn.pipeline.sweep.ModelSpread;
import org.sparksnn.pipeline.sweep.PointResult;
import org.sparksnn.pipeline.sweep.SweepStage;
import org.sparksnn.pipeline.sweep.SweepSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation sweep of a run: the grid of {@code sweep} over the models (default the run's
 * model), on the configured split; results, plots and report in {@code <output>/results}, finished
 * points in {@code <output>/points} (re-runs compute only missing points).
 */
public final class SweepTask {
  private static final Logger LOG = LoggerFactory.getLogger(SweepTask.class);

  private SweepTask() {}

  /** The sweep output directory of a run. */
  public static Path outputPath(SparkSnnConfig config) {
    SweepConfig sc = config.sweep();
    return new Path(sc.outputDir(config.output().dir()));
  }

  /** The results directory (complete once the sweep finished). */
  public static Path resultsPath(SparkSnnConfig config) {
    return new Path(outputPath(config), "results");
  }

  /**
   * Images the sweep evaluates: {@code sweep.limit} if set, else the data section's limit of the
   * split ({@code data.testLimit} or {@code data.trainLimit}), else 0 (all).
   */
  static int limit(SweepConfig sc, org.sparksnn.jobs.config.DataConfig data) {
    if (sc.limit() > 0) {
      return sc.limit();
    }
    Integer dataLimit = sc.split().equals("train") ? data.trainLimit() : data.testLimit();
    return dataLimit == null ? 0 : dataLimit;
  }

  /**
   * The warning when the limit of {@link #limit} exceeds the {@code available} images of the split,
   * naming the key it came from, e.g. {@code "sweep.limit 50000 exceeds the 10000 images of the
   * test split; evaluating all 10000"}; null if it does not.
   */
  static String limitWarning(
      SweepConfig sc, org.sparksnn.jobs.config.DataConfig data, int available) {
    int limit = limit(sc, data);
    if (limit <= available) {
      return null;
    }
    String key =
        sc.limit() > 0
            ? "sweep.limit"
            : sc.split().equals("train") ? "data.trainLimit" : "data.testLimit";
    return String.format(
        "%s %d exceeds the %d images of the %s split; evaluating all %d",
        key, limit, available, sc.split(), available);
  }

  /**
   * Runs the sweep and returns the results directory; the caller holds the run's locks ({@link
   * ConfigCommand}).
   */
  static Path runLocked(SparkSession spark, SparkSnnConfig config) {
    SweepConfig sc = config.sweep();
    if (sc == null) {
      throw new ConfigException("config has no 'sweep' section");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DataTask.ensure(config.data(), hadoop);
    IdxFiles files = IdxFiles.forSplit(sc.split());
    IdxDataset.Split split = IdxDataset.read(new Path(config.data().dir()), files, hadoop);
    String tooFew = limitWarning(sc, config.data(), split.images().count());
    if (tooFew != null) {
      LOG.warn("sweep: {}", tooFew);
    }
    EvalImages images =
        EvalImages.of(split.images(), split.labels(), files.idOffset(), limit(sc, config.data()));
    long start = System.nanoTime();
    SweepSummary summary =
        new SweepStage(spark, sc.toOptions().withInput(input(config)))
            .run(
                TargetScales.resolve(
                    sc.toGrid(TrainGridTask.defaultModels(config)),
                    m -> ModelDirectory.read(new Path(m), hadoop),
                    () -> {
                      IdxDataset.Split train =
                          IdxDataset.read(new Path(config.data().dir()), IdxFiles.TRAIN, hadoop);
                      return EvalImages.of(
                          train.images(), train.labels(), IdxFiles.TRAIN.idOffset(), 200);
                    }),
                images,
                outputPath(config).toString());
    LOG.info(
        "sweep: {} points ({} computed, {} reused), {} images evaluated in {} s; results in {}",
        summary.totalPoints(),
        summary.computedPoints(),
        summary.skippedPoints(),
        summary.imagesEvaluated(),
        String.format("%.2f", (System.nanoTime() - start) / 1e9),
        summary.resultsDir());
    System.out.print(summaryTable(summary));
    System.out.print(spreadTable(ModelSpread.of(summary.results())));
    return resultsPath(config);
  }

  /**
   * The results as an aligned text table for the terminal, in grid order, each column as wide as
   * its widest value; with several models a first column names each point's model (its directory,
   * or the directory holding {@code model}).
   */
  static String summaryTable(SweepSummary summary) {
    boolean several = summary.results().stream().map(PointResult::model).distinct().count() > 1;
    TextTable t = new TextTable();
    if (several) {
      t.column("model", LEFT);
    }
    t.column("dt", LEFT)
        .column("steps", RIGHT)
        .column("neuron", LEFT)
        .column("synapse", LEFT)
        .column("scale", LEFT)
        .column("accuracy", RIGHT)
        .column("mean-acc", RIGHT)
        .column("images", RIGHT);
    for (PointResult r : summary.results()) {
      List<String> cells = new ArrayList<>();
      if (several) {
        cells.add(modelLabel(r.model()));
      }
      cells.addAll(
          List.of(
              Double.toString(r.dt()),
              Integer.toString(r.steps()),
              r.neuron(),
              r.synapse(),
              r.scale(),
              fixed4(r.accuracy()),
              fixed4(r.accuracyMean()),
              Long.toString(r.images())));
      t.row(cells.toArray(String[]::new));
    }
    return t.render();
  }

  /**
   * Each setting's accuracy over the models ({@link ModelSpread}) as an aligned text table for the
   * terminal, each column as wide as its widest value, with the models of the lowest and highest
   * figure; empty for a sweep of one model.
   */
  static String spreadTable(List<ModelSpread> spreads) {
    if (spreads.isEmpty()) {
      return "";
    }
    TextTable t =
        new TextTable()
            .column("dt", LEFT)
            .column("steps", RIGHT)
            .column("neuron", LEFT)
            .column("synapse", LEFT)
            .column("scale", LEFT)
            .column("models", RIGHT)
            .column("mean", RIGHT)
            .column("sd", RIGHT)
            .column("min", RIGHT)
            .column("max", RIGHT)
            .column("lowest / highest", LEFT);
    for (ModelSpread s : spreads) {
      t.row(
          Double.toString(s.dt()),
          Integer.toString(s.steps()),
          s.neuron(),
          s.synapse(),
          s.scale(),
          Integer.toString(s.models()),
          fixed4(s.mean()),
          fixed4(s.sd()),
          fixed4(s.min()),
          fixed4(s.max()),
          modelLabel(s.minModel()) + " / " + modelLabel(s.maxModel()));
    }
    return "\nspread over the models (accuracy):\n" + t.render();
  }

  private static String fixed4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** {@code runs/x/grid/p0_lr-0.001/model} → {@code p0_lr-0.001} ({@link ModelNames}). */
  static String modelLabel(String model) {
    return ModelNames.shortName(model);
  }

  /**
   * The spike encoder the sweep feeds the networks with ({@code sweep.input}), or null for the
   * time-tiled intensities: by default the encode section's encoder when it is a spike encoder.
   */
  static SpikeEncoder input(SparkSnnConfig config) {
    String mode = config.sweep().input();
    EncodeConfig enc = config.encode();
    if ("time-tile".equals(mode)) {
      return null;
    }
    SpikeEncoder encoder = enc == null ? null : enc.toEncoder();
    if ("encoder".equals(mode) && (encoder == null || !encoder.binary())) {
      throw new ConfigException(
          "sweep.input: encoder needs an encode section with a spike encoder (rate, poisson,"
              + " regular or latency), got "
              + (enc == null ? "no encode section" : "time-tile"));
    }
    return encoder != null && encoder.binary() ? encoder : null;
  }
}
