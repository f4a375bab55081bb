package org.sparksnn.jobs.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.SnnException;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Whether a stage's finished output was made from the config of this run: compares the config
 * sections the stage depends on with the {@code resolved-config.yaml} the output holds. A run
 * skips a finished stage only when they agree, so editing a config never silently reuses an
 * output made from the old one.
 */
final class OutputProvenance {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OutputProvenance.class);

  /** The name of the resolved config every encode, train and Loihi output holds. */
  static final String RESOLVED_CONFIG = "resolved-config.yaml";

  /** A stage and the config sections its output depends on. */
  enum Stage {
    ENCODE("data", "encode"),
    TRAIN("data", "encode", "model", "train"),
    LOIHI("data", "encode", "model", "train", "loihi");

    private final List<String> sections;

    Stage(String... sections) {
      this.sections = List.of(sections);
    }

    List<String> sections() {
      return sections;
    }

    /** The command that runs the stage on its own: {@code encode}, {@code train} or {@code loihi}. */
    String command() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private OutputProvenance() {}

  /**
   * The sections of {@code current} that differ from the config {@code output} was made from, in
   * the stage's order: empty if they agree, {@code null} if the output holds no resolved config
   * (written before outputs recorded one). An unreadable record counts as every section differing.
   */
  static List<String> changedSections(
      Path output, SparkSnnConfig current, Stage stage, Configuration conf) {
    Path file = new Path(output, RESOLVED_CONFIG);
    String text;
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream in = fs.open(file)) {
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return stage.sections();
    }
    SparkSnnConfig recorded;
    TypedYaml yaml = new TypedYaml();
    try {
      recorded = yaml.load(text, file.toString(), List.of(), SparkSnnConfig.class);
    } catch (SnnException | IllegalArgumentException e) {
      return stage.sections();
    }
    List<String> changed = new ArrayList<>();
    for (String section : stage.sections()) {
      Function<SparkSnnConfig, Object> get = getter(section);
      if (!Objects.equals(render(yaml, get.apply(recorded)), render(yaml, get.apply(current)))) {
        changed.add(section);
      }
    }
    return changed;
  }

  /**
   * Decides, before a stage does any work, whether its existing {@code output} is kept: true if it
   * is complete and made from the same sections of {@code config} (or records no config), so the
   * stage is skipped; false if there is nothing to keep or {@code output.overwrite} is set (the
   * stage runs and replaces it on success).
   *
   * @throws SnnException if the output is complete but made from another config, or exists
   *     without being a finished output, and {@code output.overwrite} is not set
   */
  static boolean keepsFinishedOutput(
      String stage, Path output, SparkSnnConfig config, Stage made, Configuration hadoop) {
    if (config.output().overwrite()) {
      return false;
    }
    if (OutputDir.isComplete(output, hadoop)) {
      List<String> changed = changedSections(output, config, made, hadoop);
      if (changed != null && !changed.isEmpty()) {
        throw changedError(stage, output, changed);
      }
      LOG.info(
          "{}: {} is complete{}, skipped",
          stage,
          output,
          changed == null ? " (it records no config to compare with)" : " and made from this config");
      return true;
    }
    if (HadoopPaths.exists(output, hadoop)) {
      throw new SnnException(
          stage
              + ": "
              + HadoopPaths.qualified(output, hadoop)
              + " exists but is not a finished spark-snn output (no valid "
              + OutputDir.MARKER
              + "); set output.overwrite: true (--set output.overwrite=true) to replace it, or"
              + " choose another output.dir");
    }
    return false;
  }

  /**
   * The error for a finished {@code output} of {@code stage} made from other {@code changed}
   * sections, with what to do about it.
   */
  static SnnException changedError(String stage, Path output, List<String> changed) {
    return new SnnException(
        stage
            + ": "
            + output
            + " is finished but was made from a different config (changed: "
            + String.join(", ", changed)
            + "; see its "
            + RESOLVED_CONFIG
            + "); set output.overwrite: true (--set output.overwrite=true) to replace it, or"
            + " choose another output.dir");
  }

  private static String render(TypedYaml yaml, Object section) {
    return section == null ? "null" : yaml.toYaml(section);
  }

  private static Function<SparkSnnConfig, Object> getter(String section) {
    return switch (section) {
      case "data" -> SparkSnnConfig::data;
      case "encode" -> SparkSnnConfig::encode;
      case "model" -> SparkSnnConfig::model;
      case "train" -> SparkSnnConfig::train;
      case "loihi" -> SparkSnnConfig::loihi;
      default -> throw new IllegalArgumentException("unknown config section " + section);
    };
  }
}
