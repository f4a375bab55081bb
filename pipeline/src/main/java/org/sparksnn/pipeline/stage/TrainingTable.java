package org.sparksnn.pipeline.stage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.pipeline.schema.Tables;

/**
 * The rows of an images table ({@link Tables#IMAGES}) or an encoded table ({@link
 * Tables#ENCODED}) collected on the driver for training, in ascending id order (so the batch plan,
 * and with it the trained weights, do not depend on how the table was partitioned or ordered).
 *
 * <p>Images give intensities in [0, 1] ({@code pixel / 255}); an encoded table gives its stored
 * time-tiled intensities, or its stored spike trains (then {@link #spikes()} is set and every
 * epoch sees the same spikes: the table holds one draw).
 *
 * @param ids sample ids, ascending, unique
 * @param labels {@code labels[i]} is the class of {@code ids[i]}
 * @param intensities input intensities by id (images or time-tiled encoded rows), or null
 * @param spikes stored spike trains by id (binary encoded rows), or null
 * @param encoding the encoded table's encoding, or null for the images table
 */
record TrainingTable(
    long[] ids,
    int[] labels,
    Map<Long, float[]> intensities,
    Map<Long, EncodedInput> spikes,
    String encoding) {

  /** True if {@code schema} is an encoded table (has the encoding columns), else an images table. */
  static boolean isEncoded(StructType schema) {
    return Arrays.asList(schema.fieldNames()).contains("encoding");
  }

  /**
   * Checks that {@code schema} is an images or an encoded table (with a numeric {@code label}).
   *
   * @throws IllegalArgumentException naming the missing column or wrong type
   */
  static void checkSchema(StructType schema) {
    Tables.requireColumn(schema, "id", DataTypes.LongType);
    Tables.requireColumn(schema, "label", DataTypes.IntegerType);
    if (isEncoded(schema)) {
      Tables.requireColumn(schema, "encoding", DataTypes.StringType);
      Tables.requireColumn(schema, "steps", DataTypes.IntegerType);
      Tables.requireColumn(schema, "dt", DataTypes.DoubleType);
      Tables.requireColumn(schema, "spikes", DataTypes.BinaryType);
      Tables.requireColumn(schema, "values", DataTypes.BinaryType);
    } else {
      Tables.requireColumn(schema, "pixels", DataTypes.BinaryType);
    }
  }

  /**
   * Collects {@code table} for {@code spec}: every row must have {@code spec}'s input size, a label
   * in {@code [0, outputs)}, a unique id, and (encoded rows) {@code spec}'s steps and dt.
   *
   * @throws IllegalArgumentException naming the row id, column, value and constraint
   */
  static TrainingTable collect(Dataset<?> table, NetworkSpec spec, int outputs) {
    checkSchema(table.schema());
    boolean encoded = isEncoded(table.schema());
    Dataset<Row> rows =
        encoded
            ? table.select("id", "label", "encoding", "steps", "dt", "spikes", "values")
            : table.select("id", "label", "pixels");
    RowDecoder decoder = new RowDecoder(rows.schema(), spec);
    List<Row> all = rows.collectAsList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("TrainStage: the input table has no rows");
    }
    Row[] sorted = all.toArray(new Row[0]);
    Arrays.sort(sorted, Comparator.comparingLong(r -> r.getLong(0)));
    long[] ids = new long[sorted.length];
    int[] labels = new int[sorted.length];
    Map<Long, float[]> intensities = new HashMap<>(sorted.length * 2);
    Map<Long, EncodedInput> spikes = new HashMap<>();
    String encoding = null;
    for (int i = 0; i < sorted.length; i++) {
      Row r = sorted[i];
      long id = r.getLong(0);
      if (i > 0 && id == ids[i - 1]) {
        throw new IllegalArgumentException("TrainStage: column 'id' must be unique, found " + id + " twice");
      }
      ids[i] = id;
      labels[i] = r.getInt(1);
      if (labels[i] < 0 || labels[i] >= outputs) {
        throw new IllegalArgumentException(
            "TrainStage: row id " + id + ": column 'label' must be in [0, " + outputs
                + ") (the model's outputs), got " + labels[i]);
      }
      String e = decoder.encoding(r);
      if (i > 0 && !java.util.Objects.equals(encoding, e)) {
        throw new IllegalArgumentException(
            "TrainStage: row id " + id + ": column 'encoding' must be the same in every row ("
                + encoding + "), got " + e);
      }
      encoding = e;
      if (decoder.hasIntensities(r)) {
        intensities.put(id, decoder.intensities(r));
      } else {
        spikes.put(id, decoder.input(r, null));
      }
    }
    return spikes.isEmpty()
        ? new TrainingTable(ids, labels, intensities, null, encoding)
        : new TrainingTable(ids, labels, null, spikes, encoding);
  }

  /**
   * The rows of {@code table} to train on: all of them without an indicator column ({@code
   * indicator} empty), else those whose boolean column {@code indicator} is false or null.
   *
   * @throws org.sparksnn.ops.DataFormatException if the column is missing or not boolean
   */
  static Dataset<?> trainingRows(Dataset<?> table, String indicator) {
    if (indicator.isEmpty()) {
      return table;
    }
    Tables.requireColumn(table.schema(), indicator, DataTypes.BooleanType);
    return table.filter(
        functions.not(functions.coalesce(functions.col(indicator), functions.lit(false))));
  }

  /** The rows of {@code table} whose boolean column {@code indicator} is true. */
  static Dataset<?> validationRows(Dataset<?> table, String indicator) {
    Tables.requireColumn(table.schema(), indicator, DataTypes.BooleanType);
    return table.filter(functions.col(indicator));
  }

  /**
   * {@link #collect} for validation rows: the same checks, and an error naming {@code what} when
   * there are none.
   */
  static TrainingTable collectValidation(
      Dataset<?> table, NetworkSpec spec, int outputs, String what) {
    if (table.isEmpty()) {
      throw new IllegalArgumentException(what + ": no row is marked for validation");
    }
    return collect(table, spec, outputs);
  }

  /**
   * These rows as a dataset to score: the stored spike trains, or the intensities through {@code
   * encoder} (its first epoch's draw for stochastic encoders).
   */
  org.sparksnn.ops.train.Dataset dataset(
      org.sparksnn.encoders.SpikeEncoder encoder, int inputs) {
    return new org.sparksnn.ops.train.Dataset(
        ids,
        labels,
        spikes != null
            ? new StoredInput(spikes, inputs)
            : new org.sparksnn.pipeline.data.EncoderInput(encoder, intensities, inputs));
  }

  /** The intensities in id order (for the distributed trainers). */
  float[][] intensityRows() {
    if (intensities == null) {
      throw new ConfigException(
          "the barrier and reference modes take time-tiled input; this encoded table holds "
              + encoding + " spikes: use mode single");
    }
    float[][] rows = new float[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      rows[i] = intensities.get(ids[i]);
    }
    return rows;
  }

  /** SHA-256 over ids, labels and inputs: the data fingerprint of the model's provenance. */
  String fingerprint() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(12);
      java.nio.ByteBuffer floats = null;
      for (int i = 0; i < ids.length; i++) {
        head.clear();
        head.putLong(ids[i]).putInt(labels[i]);
        md.update(head.array());
        if (intensities != null) {
          float[] p = intensities.get(ids[i]);
          if (floats == null) {
            floats = java.nio.ByteBuffer.allocate(4 * p.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
          }
          floats.clear();
          floats.asFloatBuffer().put(p);
          md.update(floats.array());
        } else {
          md.update(spikes.get(ids[i]).toBytes());
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
