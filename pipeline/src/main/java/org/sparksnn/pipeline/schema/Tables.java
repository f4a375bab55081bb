package org.sparksnn.pipeline.schema;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.ops.DataFormatException;

/**
 * Schemas of spark-snn's tables and the column checks stages run in {@code transformSchema},
 * before any data moves.
 *
 * <ul>
 *   <li>images: {@code id long, label int, height int, width int, channels int, pixels binary}
 *       (uint8, row-major HWC)
 *   <li>encoded: {@code id, label, height, width, channels, encoding string, steps int, dt double,
 *       spikes binary (bit-packed [steps][inputs], null for time-tile), values binary (float32
 *       intensities, time-tile only, null otherwise)}
 * </ul>
 */
public final class Tables {
  private Tables() {}

  public static final StructType IMAGES =
      new StructType(
          new StructField[] {
            field("id", DataTypes.LongType),
            field("label", DataTypes.IntegerType),
            field("height", DataTypes.IntegerType),
            field("width", DataTypes.IntegerType),
            field("channels", DataTypes.IntegerType),
            field("pixels", DataTypes.BinaryType)
          });

  /** Columns the encode stage appends (it drops {@code pixels}). */
  public static final StructField[] ENCODING_COLUMNS = {
    field("encoding", DataTypes.StringType),
    field("steps", DataTypes.IntegerType),
    field("dt", DataTypes.DoubleType),
    nullableField("spikes", DataTypes.BinaryType),
    nullableField("values", DataTypes.BinaryType)
  };

  /** The encoded table's schema. */
  public static final StructType ENCODED = encodedFrom(IMAGES);

  /** The images schema without {@code pixels}, plus {@link #ENCODING_COLUMNS}. */
  public static StructType encodedFrom(StructType images) {
    StructType out = new StructType();
    for (StructField f : images.fields()) {
      if (!f.name().equals("pixels")) {
        out = out.add(f);
      }
    }
    for (StructField f : ENCODING_COLUMNS) {
      out = out.add(f);
    }
    return out;
  }

  /**
   * Requires {@code schema} to have column {@code name} of type {@code type}; otherwise fails with
   * e.g. {@code "Input column 'pixels' must be binary, found string."}.
   */
  public static void requireColumn(StructType schema, String name, DataType type) {
    String[] names = schema.fieldNames();
    for (String n : names) {
      if (n.equals(name)) {
        DataType found = schema.apply(name).dataType();
        if (!found.equals(type)) {
          throw new DataFormatException(
              "Input column '"
                  + name
                  + "' must be "
                  + type.simpleString()
                  + ", found "
                  + found.simpleString()
                  + ".");
        }
        return;
      }
    }
    throw new DataFormatException(
        "Input column '"
            + name
            + "' ("
            + type.simpleString()
            + ") is missing; columns are "
            + String.join(", ", names)
            + ".");
  }

  /** Requires every column of {@code expected} in {@code schema} with the same type. */
  public static void requireColumns(StructType schema, StructType expected) {
    for (StructField f : expected.fields()) {
      requireColumn(schema, f.name(), f.dataType());
    }
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  private static StructField nullableField(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
