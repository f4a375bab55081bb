package org.sparksnn.jobs.tables;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.encoders.SpikeTrain;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.io.HadoopPaths;

/**
 * Formats rows of a spark-snn table as aligned text, CSV or JSON lines. Binary columns are never
 * dumped raw: {@code spikes} is decoded ({@link SpikeView}), {@code values} and {@code pixels}
 * are summarized. Arrays are {@code ;}-joined in text and CSV (as in a sweep's {@code
 * results.csv}). In JSON each column keeps one type, the one its Spark type gives.
 */
public final class TableFormatter {
  /** Output format. */
  public enum Format {
    table,
    csv,
    json
  }

  /** How to show a bit-packed spike train. */
  public enum SpikeView {
    /** total number of spikes */
    total,
    /** spike count per input, for inputs with at least one spike: {@code input:count …} */
    counts,
    /** one line per step, {@code |} for a spike, {@code .} for none */
    raster
  }

  private final Format format;
  private final SpikeView spikes;

  public TableFormatter(Format format, SpikeView spikes) {
    this.format = format;
    this.spikes = spikes;
  }

  /** How deep {@link #resolve} looks for tables under a directory that is not one. */
  private static final int SEARCH_DEPTH = 3;

  /** At most this many directories are listed by {@link #resolve}'s search. */
  private static final int SEARCH_DIRECTORIES = 200;

  /**
   * Reads the Parquet table {@link #resolve} finds at {@code path}, naming the part file when one
   * is not Parquet or is damaged ({@link PartFileErrors}).
   */
  public static Dataset<Row> read(SparkSession spark, String path) {
    String table = resolve(spark.sparkContext().hadoopConfiguration(), path);
    return PartFileErrors.reading(
        spark.sparkContext().hadoopConfiguration(), () -> spark.read().parquet(table));
  }

  /**
   * The Parquet table at {@code path}: {@code path} itself if it holds Parquet files, else the only
   * table within three levels under it, e.g. {@code results.parquet} in a sweep's results
   * directory, or {@code sweep/results/results.parquet} in a run directory whose only table it is.
   *
   * @throws DataFormatException naming the URI when there is no such path, or when it holds no
   *     table (listing what it holds) or several (listing them)
   */
  public static String resolve(Configuration conf, String path) {
    Path p = new Path(path);
    String uri = HadoopPaths.qualified(p, conf);
    if (!HadoopPaths.exists(p, conf)) {
      throw new DataFormatException(uri + ": no such table");
    }
    try {
      FileSystem fs = p.getFileSystem(conf);
      List<String> children = new ArrayList<>();
      if (isTable(fs, p, children)) {
        return path;
      }
      List<String> tables = new ArrayList<>();
      int[] listed = {1};
      for (String child : children) {
        findTables(fs, new Path(p, child), child, 1, tables, listed);
      }
      tables.sort(null);
      if (tables.size() == 1 && listed[0] <= SEARCH_DIRECTORIES) {
        return new Path(p, tables.get(0)).toString();
      }
      children.sort(null);
      throw new DataFormatException(
          uri
              + ": not a Parquet table"
              + (tables.isEmpty()
                  ? children.isEmpty() ? "" : "; it holds: " + String.join(", ", children)
                  : "; it holds the tables "
                      + String.join(", ", tables)
                      + (listed[0] > SEARCH_DIRECTORIES ? ", …" : "")
                      + "; show one of them"));
    } catch (java.io.IOException e) {
      throw new DataFormatException(uri + ": cannot list: " + e.getMessage(), e);
    }
  }

  /**
   * True if {@code dir} holds {@code .parquet} files; adds its visible sub-directories to {@code
   * children}.
   */
  private static boolean isTable(FileSystem fs, Path dir, List<String> children)
      throws java.io.IOException {
    boolean hasParquet = false;
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (st.isDirectory()) {
        if (!name.startsWith(".") && !name.startsWith("_")) {
          children.add(name);
        }
      } else if (name.endsWith(".parquet")) {
        hasParquet = true;
      }
    }
    return hasParquet;
  }

  /** Adds the tables at or under {@code dir} (named {@code relative}) down to the search depth. */
  private static void findTables(
      FileSystem fs, Path dir, String relative, int depth, List<String> tables, int[] listed)
      throws java.io.IOException {
    if (++listed[0] > SEARCH_DIRECTORIES) {
      return;
    }
    List<String> children = new ArrayList<>();
    if (isTable(fs, dir, children)) {
      tables.add(relative);
      return;
    }
    if (depth < SEARCH_DEPTH) {
      for (String child : children) {
        findTables(fs, new Path(dir, child), relative + "/" + child, depth + 1, tables, listed);
      }
    }
  }

  /** The formatted rows, followed (for {@link Format#table}) by a row-count line. */
  public String format(StructType schema, List<Row> rows, long totalRows) {
    List<String> names = new ArrayList<>();
    for (StructField f : schema.fields()) {
      names.add(f.name());
    }
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        line.add(cell(r, names, c));
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    switch (format) {
      case csv -> {
        sb.append(String.join(",", names)).append('\n');
        for (List<String> line : cells) {
          List<String> quoted = new ArrayList<>();
          for (String s : line) {
            quoted.add(s.contains(",") || s.contains("\"") || s.contains("\n")
                ? "\"" + s.replace("\"", "\"\"") + "\""
                : s);
          }
          sb.append(String.join(",", quoted)).append('\n');
        }
      }
      case json -> {
        for (int i = 0; i < rows.size(); i++) {
          sb.append('{');
          for (int c = 0; c < names.size(); c++) {
            if (c > 0) {
              sb.append(", ");
            }
            DataType type = schema.fields()[c].dataType();
            sb.append(jsonString(names.get(c)))
                .append(": ")
                .append(jsonValue(rows.get(i), type, c, cells.get(i).get(c)));
          }
          sb.append("}\n");
        }
      }
      case table -> {
        int[] width = new int[names.size()];
        for (int c = 0; c < names.size(); c++) {
          width[c] = names.get(c).length();
          for (List<String> line : cells) {
            for (String part : line.get(c).split("\n")) {
              width[c] = Math.max(width[c], part.length());
            }
          }
        }
        appendRow(sb, names, width);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < names.size(); c++) {
          rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        sb.append(rule).append('\n');
        for (List<String> line : cells) {
          appendRow(sb, line, width);
        }
        sb.append("(").append(rows.size()).append(" of ").append(totalRows).append(" rows)\n");
      }
      default -> throw new IllegalStateException(format.toString());
    }
    return sb.toString();
  }

  /**
   * Column {@code c} of {@code r} as JSON, typed by the column's Spark type, so that a column holds
   * one JSON type in every row: numbers for numeric columns (null for NaN and infinities, which
   * JSON lacks), true/false for booleans, arrays for arrays, strings for everything else (a string
   * column stays a string even where its value looks like a number, e.g. synapse {@code 0.005}
   * next to {@code none}); null for null. Binary columns give their summary {@code cell} as a
   * string.
   */
  private static String jsonValue(Row r, DataType type, int c, String cell) {
    if (r.isNullAt(c)) {
      return "null";
    }
    if (type instanceof ArrayType array) {
      StringBuilder sb = new StringBuilder("[");
      List<Object> values = r.getList(c);
      for (int i = 0; i < values.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(jsonScalar(values.get(i), array.elementType()));
      }
      return sb.append(']').toString();
    }
    if (type instanceof BinaryType) {
      return jsonString(cell);
    }
    return jsonScalar(r.get(c), type);
  }

  private static String jsonScalar(Object v, DataType type) {
    if (v == null) {
      return "null";
    }
    if (type instanceof NumericType && v instanceof Number n) {
      if ((v instanceof Double || v instanceof Float) && !Double.isFinite(n.doubleValue())) {
        return "null";
      }
      return v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
    }
    if (type instanceof BooleanType) {
      return v.toString();
    }
    return jsonString(String.valueOf(v));
  }

  /** {@code s} as a JSON string literal (Jackson's escaping). */
  private static String jsonString(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }

  private static void appendRow(StringBuilder sb, List<String> line, int[] width) {
    List<String[]> parts = new ArrayList<>();
    int height = 1;
    for (String s : line) {
      String[] p = s.split("\n", -1);
      parts.add(p);
      height = Math.max(height, p.length);
    }
    for (int h = 0; h < height; h++) {
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < line.size(); c++) {
        String[] p = parts.get(c);
        String v = h < p.length ? p[h] : "";
        row.append(c == 0 ? "" : " | ").append(v).append(" ".repeat(width[c] - v.length()));
      }
      sb.append(row.toString().stripTrailing()).append('\n');
    }
  }

  private String cell(Row r, List<String> names, int c) {
    if (r.isNullAt(c)) {
      return "";
    }
    Object v = r.get(c);
    String name = names.get(c);
    if (v instanceof byte[] bytes) {
      if (name.equals("spikes")) {
        return decodeSpikes(r, names, bytes);
      }
      if (name.equals("values")) {
        return (bytes.length / 4) + " float32 values";
      }
      return bytes.length + " bytes";
    }
    if (v instanceof scala.collection.Seq<?>) {
      // arrays as in results.csv: the elements joined with ';'
      StringBuilder sb = new StringBuilder();
      for (Object e : r.getList(c)) {
        sb.append(sb.length() == 0 ? "" : ";").append(e);
      }
      return sb.toString();
    }
    return String.valueOf(v);
  }

  private String decodeSpikes(Row r, List<String> names, byte[] bytes) {
    int steps = r.getInt(names.indexOf("steps"));
    int inputs =
        r.getInt(names.indexOf("height"))
            * r.getInt(names.indexOf("width"))
            * r.getInt(names.indexOf("channels"));
    SpikeTrain train = SpikeTrain.fromBytes(bytes, steps, inputs);
    return switch (spikes) {
      case total -> train.totalSpikes() + " spikes";
      case counts -> {
        int[] counts = train.countPerInput();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] > 0) {
            sb.append(sb.length() == 0 ? "" : " ").append(i).append(':').append(counts[i]);
          }
        }
        yield sb.toString();
      }
      case raster -> {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < steps; t++) {
          if (t > 0) {
            sb.append('\n');
          }
          for (int i = 0; i < inputs; i++) {
            sb.append(train.get(t, i) ? '|' : '.');
          }
        }
        yield sb.toString();
      }
    };
  }
}
