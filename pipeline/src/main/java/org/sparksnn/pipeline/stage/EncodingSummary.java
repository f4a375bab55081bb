package org.sparksnn.pipeline.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.sparksnn.encoders.SpikeEncoder;

/**
 * Spike statistics of an encoded table against the encoder's expectation: the check that the
 * stored spikes are what the encoding promises.
 *
 * @param images rows
 * @param spikes total spikes stored
 * @param expectedSpikes sum over all pixels of {@link SpikeEncoder#expectedSpikes}
 */
public record EncodingSummary(long images, long spikes, double expectedSpikes) {

  /** Mean spikes per image. */
  public double spikesPerImage() {
    return images == 0 ? 0 : (double) spikes / images;
  }

  /** Expected mean spikes per image. */
  public double expectedPerImage() {
    return images == 0 ? 0 : expectedSpikes / images;
  }

  /**
   * Compares the spikes stored in {@code encoded} with the expectation of encoding {@code images}
   * (the images table it came from) with {@code enc}.
   */
  public static EncodingSummary of(Dataset<Row> images, Dataset<Row> encoded, SpikeEncoder enc) {
    Row e = expected(images, enc);
    return new EncodingSummary(e.getLong(0), countSpikes(encoded), e.isNullAt(1) ? 0 : e.getDouble(1));
  }

  private static long countSpikes(Dataset<Row> encoded) {
    UserDefinedFunction popcount =
        udf(
            (UDF1<byte[], Long>)
                b -> {
                  if (b == null) {
                    return 0L;
                  }
                  long n = 0;
                  for (byte x : b) {
                    n += Integer.bitCount(x & 0xFF);
                  }
                  return n;
                },
            DataTypes.LongType);
    Row r = encoded.agg(sum(popcount.apply(col("spikes")))).first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }

  private static Row expected(Dataset<Row> images, SpikeEncoder enc) {
    UserDefinedFunction expectation =
        udf(
            (UDF1<byte[], Double>)
                px -> {
                  double e = 0;
                  for (byte b : px) {
                    e += enc.expectedSpikes((b & 0xFF) / 255f);
                  }
                  return e;
                },
            DataTypes.DoubleType);
    return images.agg(count(col("id")), sum(expectation.apply(col("pixels")))).first();
  }
}
