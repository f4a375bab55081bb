package org.sparksnn.jobs.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.report.MarkdownHtml;
import org.sparksnn.pipeline.report.ModelSummary;
import org.sparksnn.pipeline.report.TrainingHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline of a config: data, then each configured stage in order, skipping a stage
 * whose output is already complete (unless {@code output.overwrite}); ends with {@code
 * report.md} and a self-contained {@code report.html} (embedded learning curve) in the run
 * directory.
 */
public final class RunTask {
  private static final Logger LOG = LoggerFactory.getLogger(RunTask.class);

  private RunTask() {}

  /**
   * Runs the config's stages and returns the HTML report's path; the caller holds the run's locks
   * ({@link ConfigCommand#RUN}).
   */
  static Path runLocked(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> stageRows = new ArrayList<>();
    long t0 = System.nanoTime();
    // every stage's decision (skip a finished output, or stop on one made from another config)
    // and the checks that need no data are made before any stage runs
    List<Stage> stages = new ArrayList<>();
    if (config.encode() != null) {
      stages.add(new Stage("encode", EncodeTask.outputPath(config), OutputProvenance.Stage.ENCODE,
          () -> EncodeTask.runLocked(spark, config, resolvedYaml)));
    }
    if (config.train() != null) {
      stages.add(new Stage("train", trainOutput(config),
          config.trainGrid() == null ? OutputProvenance.Stage.TRAIN : null,
          () -> TrainTask.runLocked(spark, config, resolvedYaml)));
    }
    if (config.sweep() != null) {
      SweepTask.input(config); // sweep.input: encoder without a spike encoder fails here
      stages.add(new Stage("sweep", SweepTask.resultsPath(config), null,
          () -> SweepTask.runLocked(spark, config)));
    }
    if (config.loihi() != null) {
      LoihiTask.checkHostInput(config);
      stages.add(new Stage("loihi", LoihiTask.outputPath(config), OutputProvenance.Stage.LOIHI,
          () -> LoihiTask.runLocked(spark, config, resolvedYaml)));
    }
    List<Boolean> finished = new ArrayList<>();
    for (Stage st : stages) {
      finished.add(st.made() != null
          && OutputProvenance.keepsFinishedOutput(st.name(), st.output(), config, st.made(), hadoop));
    }
    DataTask.ensure(config.data(), hadoop);
    stageRows.add(row("data", new Path(config.data().dir()), hadoop, t0));
    for (int i = 0; i < stages.size(); i++) {
      Stage st = stages.get(i);
      if (finished.get(i)) {
        stageRows.add(row(st.name(), st.output(), hadoop, -1));
      } else {
        long t = System.nanoTime();
        st.body().run();
        stageRows.add(row(st.name(), st.output(), hadoop, t));
      }
    }
    Path dir = new Path(config.output().dir());
    Map<String, byte[]> images = new LinkedHashMap<>();
    StringBuilder md = new StringBuilder();
    md.append("# spark-snn run `").append(config.name()).append("`\n\n")
        .append("Data: `").append(HadoopPaths.qualified(new Path(config.data().dir()), hadoop))
        .append("` (").append(config.data().dataset().cliName()).append(")\n\n")
        .append("| stage | output | seconds |\n|---|---|---|\n")
        .append(String.join("\n", stageRows)).append("\n");
    if (config.trainGrid() != null) {
      String grid = readText(new Path(TrainGridTask.summaryPath(config), "summary.md"), hadoop);
      if (grid != null) {
        md.append('\n').append(grid.replaceAll("(?m)^# ", "## "));
      }
    } else if (config.train() != null) {
      md.append("\n## Training\n\n");
      TrainingHistory history = TrainingHistory.readFrom(TrainTask.outputPath(config), hadoop);
      if (!history.epochs().isEmpty()) {
        md.append(history.markdownTable()).append('\n');
      }
      byte[] curve = readBytes(new Path(TrainTask.outputPath(config), "learning-curve.png"), hadoop);
      if (curve != null) {
        images.put("model/learning-curve.png", curve);
        md.append("![learning curve](model/learning-curve.png)\n");
      }
      md.append('\n')
          .append(ModelSummary.markdown(ModelDirectory.read(TrainTask.outputPath(config), hadoop)));
    }
    if (config.sweep() != null) {
      String sweep = readText(new Path(SweepTask.resultsPath(config), "report.md"), hadoop);
      if (sweep != null) {
        String prefix = "sweep/results/";
        md.append('\n')
            .append(sweep.replaceAll("(?m)^(#+) ", "$1# ").replaceAll("\\]\\(([^)/]+\\.png)\\)", "](" + prefix + "$1)"));
        for (String png : listPngs(SweepTask.resultsPath(config), hadoop)) {
          byte[] b = readBytes(new Path(SweepTask.resultsPath(config), png), hadoop);
          if (b != null) {
            images.put(prefix + png, b);
          }
        }
      }
    }
    if (config.loihi() != null) {
      String loihi = readText(new Path(LoihiTask.outputPath(config), "summary.md"), hadoop);
      if (loihi != null) {
        md.append('\n').append(loihi.replaceAll("(?m)^# ", "## ").replaceAll("(?m)^## Chip", "### Chip"));
      }
    }
    md.append("\n## Resolved config\n\n```yaml\n").append(resolvedYaml.strip()).append("\n```\n");
    EncodeTask.writeText(dir, "report.md", md.toString(), hadoop);
    EncodeTask.writeText(
        dir, "report.html", MarkdownHtml.page("spark-snn " + config.name(), md.toString(), images), hadoop);
    return new Path(dir, "report.html");
  }

  private static List<String> listPngs(Path dir, Configuration conf) {
    List<String> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        for (var st : fs.listStatus(dir)) {
          if (st.getPath().getName().endsWith(".png")) {
            out.add(st.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static byte[] readBytes(Path p, Configuration conf) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return null;
      }
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(p + ": " + e.getMessage(), e);
    }
  }

  private static String readText(Path p, Configuration conf) {
    byte[] b = readBytes(p, conf);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static Path trainOutput(SparkSnnConfig config) {
    return config.trainGrid() == null
        ? TrainTask.outputPath(config)
        : TrainGridTask.summaryPath(config);
  }

  /**
   * One stage of the run: its name, output and body. {@code made} names the config sections the
   * output depends on; null marks a stage that resumes point by point itself (train grid, sweep),
   * which always runs and reuses its finished points. A complete output made from this config is
   * skipped; one made from other sections is an error unless {@code output.overwrite} is set.
   */
  private record Stage(String name, Path output, OutputProvenance.Stage made, Runnable body) {}

  /** A stage's report row; {@code startNanos < 0} marks a stage skipped as complete. */
  private static String row(String stage, Path output, Configuration conf, long startNanos) {
    String secs =
        startNanos < 0
            ? "skipped (complete)"
            : String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    return "| " + stage + " | " + HadoopPaths.qualified(output, conf) + " | " + secs + " |";
  }
}
