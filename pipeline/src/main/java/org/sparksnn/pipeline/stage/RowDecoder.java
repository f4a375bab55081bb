package org.sparksnn.pipeline.stage;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.encoders.SpikeTrain;
import org.sparksnn.encoders.TiledIntensities;
import org.sparksnn.ops.net.NetworkSpec;

/**
 * Reads a model's input from rows of the images table (pixels → intensities {@code pixel/255})
 * or of the encoded table (stored tiled intensities or bit-packed spikes), checking every row
 * against the model: input size, and for encoded rows the model's steps and dt. Errors name the
 * row id, the column, the value and the constraint.
 */
final class RowDecoder implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean encoded;
  private final int id;
  private final int pixels;
  private final int encoding;
  private final int steps;
  private final int dt;
  private final int spikes;
  private final int values;
  private final int inputs;
  private final int modelSteps;
  private final double modelDt;

  /** A decoder of rows of {@code schema} for {@code spec}. */
  RowDecoder(StructType schema, NetworkSpec spec) {
    this.encoded = TrainingTable.isEncoded(schema);
    this.id = schema.fieldIndex("id");
    this.pixels = encoded ? -1 : schema.fieldIndex("pixels");
    this.encoding = encoded ? schema.fieldIndex("encoding") : -1;
    this.steps = encoded ? schema.fieldIndex("steps") : -1;
    this.dt = encoded ? schema.fieldIndex("dt") : -1;
    this.spikes = encoded ? schema.fieldIndex("spikes") : -1;
    this.values = encoded ? schema.fieldIndex("values") : -1;
    this.inputs = Arrays.stream(spec.inputShape()).reduce(1, (a, b) -> a * b);
    this.modelSteps = spec.steps();
    this.modelDt = spec.dt();
  }

  /** The row's id. */
  long id(Row r) {
    return r.getLong(id);
  }

  /** The encoded row's encoding name (null for image rows). */
  String encoding(Row r) {
    return encoded ? r.getString(encoding) : null;
  }

  /** True if the row holds intensities (an image, or a time-tile encoded row). */
  boolean hasIntensities(Row r) {
    return !encoded || Encoding.parse(encoding(r)) == Encoding.TIME_TILE;
  }

  /** The row's intensities in [0, 1] (requires {@link #hasIntensities}). */
  float[] intensities(Row r) {
    long key = id(r);
    if (!encoded) {
      byte[] px = (byte[]) r.get(pixels);
      check(key, "pixels", px == null ? -1 : px.length, inputs, "inputs (the model's input shape)");
      float[] p = new float[inputs];
      for (int k = 0; k < inputs; k++) {
        p[k] = (px[k] & 0xFF) / 255f;
      }
      return p;
    }
    checkTiming(r, key);
    byte[] v = (byte[]) r.get(values);
    check(key, "values", v == null ? -1 : v.length / 4, inputs, "inputs (the model's input shape)");
    return TiledIntensities.fromBytes(v, modelSteps, inputs).values();
  }

  /**
   * The row as network input: an image encoded with {@code encoder}, or the stored encoding of an
   * encoded row.
   */
  EncodedInput input(Row r, SpikeEncoder encoder) {
    if (!encoded) {
      return encoder.encode(id(r), intensities(r));
    }
    if (hasIntensities(r)) {
      return new TiledIntensities(modelSteps, intensities(r));
    }
    long key = id(r);
    checkTiming(r, key);
    byte[] bits = (byte[]) r.get(spikes);
    int expected = SpikeTrain.byteLength(modelSteps, inputs);
    check(key, "spikes", bits == null ? -1 : bits.length, expected,
        "bytes (" + modelSteps + " steps x " + inputs + " inputs, bit-packed)");
    return SpikeTrain.fromBytes(bits, modelSteps, inputs);
  }

  private void checkTiming(Row r, long key) {
    int s = r.getInt(steps);
    if (s != modelSteps) {
      throw new IllegalArgumentException(
          "row id " + key + ": column 'steps' must equal the model's steps " + modelSteps + ", got " + s);
    }
    double d = r.getDouble(dt);
    if (d != modelDt) {
      throw new IllegalArgumentException(
          "row id " + key + ": column 'dt' must equal the model's dt " + modelDt + " s, got " + d);
    }
  }

  private static void check(long key, String column, int found, int expected, String what) {
    if (found != expected) {
      throw new IllegalArgumentException(
          "row id " + key + ": column '" + column + "' must hold " + expected + " " + what + ", got "
              + (found < 0 ? "null" : found));
    }
  }
}
