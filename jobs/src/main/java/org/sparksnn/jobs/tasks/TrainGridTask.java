package org.sparksnn.jobs.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.config.TrainGridConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training sweep ({@link TrainGridConfig}): validates every point's config first, then trains
 * each point into {@code <output.dir>/grid/<point>/model} with {@link TrainTask}, skipping points
 * whose model is already complete (so a killed grid resumes; a point directory without its
 * success marker is retrained), and writes the summary table
 * ({@code summary.csv}, {@code summary.md}: the point's values and its last epoch's loss,
 * training and validation accuracy, seconds and model directory) atomically to {@code
 * <output.dir>/grid/summary}.
 */
public final class TrainGridTask {
  private static final Logger LOG = LoggerFactory.getLogger(TrainGridTask.class);

  private TrainGridTask() {}

  /**
   * One point of the grid.
   *
   * @param name directory name, e.g. {@code p01_learningRate-0.003}
   * @param values config key → value of this point
   * @param config the point's config (no grid; output.dir = the point's directory)
   * @param resolvedYaml that config as YAML
   */
  record Point(String name, Map<String, Object> values, SparkSnnConfig config, String resolvedYaml) {}

  /** The grid's directory, {@code <output.dir>/grid}. */
  static Path gridPath(SparkSnnConfig config) {
    return new Path(config.output().dir(), "grid");
  }

  /** The summary directory, {@code <output.dir>/grid/summary}. */
  public static Path summaryPath(SparkSnnConfig config) {
    return new Path(gridPath(config), "summary");
  }

  /** The models a sweep of this config evaluates by default: the grid's, or the run's model. */
  public static List<String> defaultModels(SparkSnnConfig config) {
    if (config.trainGrid() == null) {
      return List.of(TrainTask.outputPath(config).toString());
    }
    return points(config, new TypedYaml().toYaml(config)).stream()
        .map(p -> TrainTask.outputPath(p.config()).toString())
        .toList();
  }

  /**
   * Checks every point of {@code config}'s grid as a config of its own, as {@code config} is
   * read (before Spark starts); an error names {@code source} (the config file), the grid
   * parameter that gave the bad value and the point.
   */
  public static void checkPoints(SparkSnnConfig config, String source) {
    points(config, new TypedYaml().toYaml(config), source);
  }

  /** The points of {@code config}'s grid, each validated ({@link #checkPoints} did it first). */
  static List<Point> points(SparkSnnConfig config, String resolvedYaml) {
    return points(config, resolvedYaml, "config " + config.name());
  }

  /**
   * The points of {@code config}'s grid, each validated; a bad value fails with {@code source},
   * the grid parameter and the point's name, the key and the constraint before anything is
   * trained: {@code conf/g.yaml: trainGrid parameter model.layers.0.units=-1 (point
   * p1_units--1): model.layers[0].units must be > 0, got -1}.
   */
  private static List<Point> points(SparkSnnConfig config, String resolvedYaml, String source) {
    TrainGridConfig grid = config.trainGrid();
    ObjectMapper json = new ObjectMapper();
    TypedYaml yaml = new TypedYaml();
    List<Map<String, Object>> all = grid.points();
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Map<String, Object> values = all.get(i);
      String name = name(i, all.size(), values);
      List<String> overrides = new ArrayList<>();
      for (Map.Entry<String, Object> e : values.entrySet()) {
        overrides.add(e.getKey() + "=" + render(json, e.getValue()));
      }
      overrides.add("output.dir=" + new Path(gridPath(config), name));
      // the grid decides what to skip: a point reached here replaces whatever partial output
      // its directory holds (the directory belongs to the grid, under the run's lock)
      overrides.add("output.overwrite=true");
      String point = "trainGrid point " + name;
      SparkSnnConfig pc;
      try {
        // the point's values are applied as overrides: errors name them as grid parameters
        pc =
            yaml.load(
                    resolvedYaml,
                    point,
                    overrides,
                    o -> "trainGrid parameter " + o + " (point " + name + ")",
                    SparkSnnConfig.class)
                .withoutTrainGrid();
      } catch (ConfigException e) {
        throw new ConfigException(source + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(source + ": " + point + ": " + e.getMessage(), e);
      }
      out.add(new Point(name, values, pc, yaml.toYaml(pc)));
    }
    return out;
  }

  /** Trains every point and writes the summary; returns the summary directory. */
  static Path runLocked(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<Point> points = points(config, resolvedYaml);
    LOG.info("train grid: {} points over {}", points.size(), config.trainGrid().parameters().keySet());
    long t0 = System.nanoTime();
    int trained = 0;
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      Path model = TrainTask.outputPath(p.config());
      if (!config.output().overwrite() && OutputDir.isComplete(model, hadoop)) {
        List<String> changed =
            OutputProvenance.changedSections(model, p.config(), OutputProvenance.Stage.TRAIN, hadoop);
        if (changed == null || changed.isEmpty()) {
          LOG.info(
              "train grid: point {}/{} {} is complete, skipped", i + 1, points.size(), p.name());
          continue;
        }
        LOG.info(
            "train grid: point {}/{} {} was trained from a different config (changed: {}),"
                + " training it again",
            i + 1,
            points.size(),
            p.name(),
            String.join(", ", changed));
      }
      TrainTask.runLocked(spark, p.config(), p.resolvedYaml());
      trained++;
      double perPoint = (System.nanoTime() - t0) / 1e9 / trained;
      int left = points.size() - i - 1;
      LOG.info(
          "train grid: point {}/{} done ({}): {} left, ETA {} s",
          i + 1,
          points.size(),
          p.name(),
          left,
          String.format("%.0f", perPoint * left));
    }
    String csv = summaryCsv(config.trainGrid(), points, hadoop);
    String md = "# Training grid `" + config.name() + "`\n\n" + markdown(csv) + "\n";
    OutputDir out = OutputDir.create(summaryPath(config), hadoop, true);
    try {
      EncodeTask.writeText(out.tempPath(), "summary.csv", csv, hadoop);
      EncodeTask.writeText(out.tempPath(), "summary.md", md, hadoop);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    System.out.print(markdown(csv));
    return out.finalPath();
  }

  /** One row per point: its values, then the last epoch of its {@code history.csv}. */
  static String summaryCsv(TrainGridConfig grid, List<Point> points, Configuration hadoop) {
    StringBuilder sb = new StringBuilder("point");
    for (String key : grid.parameters().keySet()) {
      sb.append(',').append(key);
    }
    sb.append(",epochs,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,")
        .append("seconds,model\n");
    ObjectMapper json = new ObjectMapper();
    for (Point p : points) {
      Path model = TrainTask.outputPath(p.config());
      List<String[]> rows = epochs(new Path(model, "history.csv"), hadoop);
      String[] last = lastEpoch(rows, new Path(model, "history.csv"), hadoop);
      double seconds = 0;
      for (String[] row : rows) {
        seconds += Double.parseDouble(row[6]);
      }
      sb.append(p.name());
      for (Object v : p.values().values()) {
        sb.append(',').append(csvCell(render(json, v)));
      }
      // a history holds every epoch from the first (numbered from 1; from 0 in older files)
      sb.append(',').append(rows.size());
      for (int c = 1; c <= 5; c++) {
        sb.append(',').append(last[c]);
      }
      sb.append(',').append(String.format("%.1f", seconds));
      sb.append(',').append(HadoopPaths.qualified(model, hadoop)).append('\n');
    }
    return sb.toString();
  }

  private static String[] lastEpoch(List<String[]> rows, Path history, Configuration hadoop) {
    if (rows.isEmpty()) {
      throw new ConfigException(HadoopPaths.qualified(history, hadoop) + ": no epochs");
    }
    return rows.get(rows.size() - 1);
  }

  /** The data rows of a model's {@code history.csv} (epoch, loss, reg, train, val, rate, s). */
  private static List<String[]> epochs(Path history, Configuration hadoop) {
    try (InputStream in = HadoopPaths.openFile(history, hadoop)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] cells = line.split(",", -1);
        if (cells.length >= 7) {
          rows.add(cells);
        }
      }
      return rows;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          HadoopPaths.qualified(history, hadoop) + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The CSV as a Markdown table, numbers shortened to 4 decimals. */
  static String markdown(String csv) {
    List<String> lines = csv.lines().toList();
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      List<String> cells = splitCsv(lines.get(i));
      t.append('|');
      for (String c : cells) {
        t.append(' ').append(i == 0 ? c : shortNumber(c)).append(" |");
      }
      t.append('\n');
      if (i == 0) {
        t.append("|---".repeat(cells.size())).append("|\n");
      }
    }
    return t.toString();
  }

  private static String shortNumber(String c) {
    if (c.matches("-?\\d+\\.\\d{5,}")) {
      return String.format("%.4f", Double.parseDouble(c));
    }
    return c;
  }

  private static String render(ObjectMapper json, Object v) {
    try {
      return json.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new ConfigException("trainGrid value " + v + ": cannot be written: " + e.getMessage(), e);
    }
  }

  /** {@code p03_learningRate-0.003_units-64}: index, then each key's last segment and value. */
  static String name(int index, int count, Map<String, Object> values) {
    int width = Integer.toString(Math.max(count - 1, 0)).length();
    StringBuilder sb = new StringBuilder("p").append(String.format("%0" + width + "d", index));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String key = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
      Object v = e.getValue();
      String value =
          v instanceof Number || v instanceof String || v instanceof Boolean
              ? v.toString().replaceAll("[^A-Za-z0-9.+-]", "-")
              : "v" + Integer.toHexString(v.toString().hashCode());
      sb.append('_').append(key).append('-').append(value);
    }
    String s = sb.toString();
    return s.length() <= 120 ? s : s.substring(0, 120);
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static List<String> splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    cells.add(cur.toString());
    return cells;
  }
}
