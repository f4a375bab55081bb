package org.sparksnn.pipeline.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.pipeline.io.PathErrors;

/**
 * The sweep results table: one row per grid point. Columns, in order: {@code key, model,
 * model_hash, dt, steps, neuron, synapse, scale_firing_rates, n_images, accuracy,
 * accuracy_last_step, accuracy_mean_over_steps, accuracy_lowpass, synops_per_inference,
 * dense_synops_per_inference, neuron_updates_per_inference, energy_<device>_j ..., seconds,
 * task_seconds}, then per activation layer (all layers of all models, in order of first appearance)
 * {@code <layer>_rate_min_hz, <layer>_rate_mean_hz, <layer>_rate_max_hz, <layer>_active_fraction,
 * <layer>_spikes_per_neuron_per_step} (null where a model lacks the layer), and last {@code
 * accuracy_per_step} (array in Parquet; {@code ;}-separated in CSV).
 */
final class ResultsTable {
  private final List<PointResult> results;
  private final List<EnergyDevice> devices;
  private final List<String> layers;
  private final StructType schema;
  private final List<Object[]> rows = new ArrayList<>();

  ResultsTable(List<PointResult> results, List<EnergyDevice> devices) {
    this.results = List.copyOf(results);
    this.devices = List.copyOf(devices);
    Set<String> names = new LinkedHashSet<>();
    results.forEach(r -> r.layers().forEach(l -> names.add(l.name())));
    this.layers = List.copyOf(names);
    List<StructField> f = new ArrayList<>();
    add(f, "key", DataTypes.StringType);
    add(f, "model", DataTypes.StringType);
    add(f, "model_hash", DataTypes.StringType);
    add(f, "dt", DataTypes.DoubleType);
    add(f, "steps", DataTypes.IntegerType);
    add(f, "neuron", DataTypes.StringType);
    add(f, "synapse", DataTypes.StringType);
    add(f, "scale_firing_rates", DataTypes.StringType);
    add(f, "n_images", DataTypes.LongType);
    add(f, "accuracy", DataTypes.DoubleType);
    add(f, "accuracy_last_step", DataTypes.DoubleType);
    add(f, "accuracy_mean_over_steps", DataTypes.DoubleType);
    add(f, "accuracy_lowpass", DataTypes.DoubleType);
    add(f, "synops_per_inference", DataTypes.DoubleType);
    add(f, "dense_synops_per_inference", DataTypes.DoubleType);
    add(f, "neuron_updates_per_inference", DataTypes.DoubleType);
    for (EnergyDevice d : devices) {
      add(f, "energy_" + d.name() + "_j", DataTypes.DoubleType);
    }
    add(f, "seconds", DataTypes.DoubleType);
    add(f, "task_seconds", DataTypes.DoubleType);
    for (String l : layers) {
      for (String s : LAYER_SUFFIXES) {
        add(f, l + "_" + s, DataTypes.DoubleType);
      }
    }
    add(f, "accuracy_per_step", DataTypes.createArrayType(DataTypes.DoubleType, false));
    this.schema = new StructType(f.toArray(new StructField[0]));
    for (PointResult r : results) {
      rows.add(row(r));
    }
  }

  private static final List<String> LAYER_SUFFIXES =
      List.of(
          "rate_min_hz",
          "rate_mean_hz",
          "rate_max_hz",
          "active_fraction",
          "spikes_per_neuron_per_step");

  private static void add(List<StructField> f, String name, DataType type) {
    f.add(DataTypes.createStructField(name, type, true));
  }

  private Object[] row(PointResult r) {
    List<Object> v = new ArrayList<>();
    v.add(r.key());
    v.add(r.model());
    v.add(r.modelHash());
    v.add(r.dt());
    v.add(r.steps());
    v.add(r.neuron());
    v.add(r.synapse());
    v.add(r.scale());
    v.add(r.images());
    v.add(r.accuracy());
    v.add(r.accuracyLastStep());
    v.add(r.accuracyMean());
    v.add(r.accuracyLowpass());
    v.add(r.synopsPerInference());
    v.add(r.denseSynopsPerInference());
    v.add(r.neuronUpdatesPerInference());
    for (EnergyDevice d : devices) {
      v.add(r.energy(d));
    }
    v.add(r.seconds());
    v.add(r.taskSeconds());
    for (String name : layers) {
      LayerStats s =
          r.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
      if (s == null) {
        for (int k = 0; k < LAYER_SUFFIXES.size(); k++) {
          v.add(null);
        }
      } else {
        v.add(s.rateMinHz());
        v.add(s.rateMeanHz());
        v.add(s.rateMaxHz());
        v.add(s.activeFraction());
        v.add(s.spikesPerNeuronPerStep());
      }
    }
    v.add(r.accuracyPerStep());
    return v.toArray();
  }

  /** The Spark schema of the table. */
  StructType schema() {
    return schema;
  }

  /** The activation layer names with columns, in order. */
  List<String> layers() {
    return layers;
  }

  /** The devices with energy columns. */
  List<EnergyDevice> devices() {
    return devices;
  }

  /** The rows as Spark rows (arrays as {@code double[]}). */
  List<Row> sparkRows() {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      Object[] copy = r.clone();
      double[] perStep = (double[]) copy[copy.length - 1];
      List<Double> boxed = new ArrayList<>(perStep.length);
      for (double d : perStep) {
        boxed.add(d);
      }
      copy[copy.length - 1] = boxed;
      out.add(RowFactory.create(copy));
    }
    return out;
  }

  /** Writes the table as one Parquet file (a Spark output directory) at {@code path}. */
  void writeParquet(SparkSession spark, Path path) {
    PathErrors.writing(
        path,
        spark.sparkContext().hadoopConfiguration(),
        "write results table",
        () ->
            spark
                .createDataFrame(sparkRows(), schema)
                .coalesce(1)
                .write()
                .mode(SaveMode.ErrorIfExists)
                .parquet(path.toString()));
  }

  /** The table as CSV (RFC 4180 quoting, header line, empty cells for nulls). */
  String csv() {
    StringBuilder sb = new StringBuilder();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      sb.append(i == 0 ? "" : ",").append(fields[i].name());
    }
    sb.append('\n');
    for (Object[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sb.append(i == 0 ? "" : ",").append(csvCell(r[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One CSV cell: RFC 4180 quoting, {@code ;}-joined arrays, empty for null. */
  static String csvCell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof double[] a) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ";").append(a[i]);
      }
      return sb.toString();
    }
    String s = v instanceof Double d ? String.format(Locale.ROOT, "%s", d) : v.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Writes {@link #csv()} to {@code path}. */
  void writeCsv(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream out = fs.create(path, false)) {
        out.write(csv().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot write CSV: " + e.getMessage(), e);
    }
  }

  /** The results, in table order. */
  List<PointResult> results() {
    return results;
  }
}
