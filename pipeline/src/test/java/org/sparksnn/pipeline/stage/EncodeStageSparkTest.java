package org.sparksnn.pipeline.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.SparkTestSession;
import org.sparksnn.pipeline.schema.Tables;

@Tag("spark")
class EncodeStageSparkTest {
  private static SparkSession spark;
  private static List<Row> rows;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(EncodeStageSparkTest.class);
    Random rng = new Random(11);
    rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] px = new byte[4 * 5];
      rng.nextBytes(px);
      rows.add(RowFactory.create(100L + i, i % 10, 4, 5, 1, px));
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> images(List<Row> in, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(in, partitions), Tables.IMAGES);
  }

  private static List<Row> sortedById(Dataset<Row> ds) {
    return ds.orderBy("id").collectAsList();
  }

  @Test
  void defaultsAndValidators() {
    EncodeStage s = new EncodeStage();
    assertEquals(Encoding.RATE, s.getEncoding());
    assertEquals(30, s.getSteps());
    assertEquals(0.001, s.getDt());
    assertThrows(IllegalArgumentException.class, () -> s.setSteps(0));
    assertThrows(IllegalArgumentException.class, () -> s.setDt(0.0));
    assertThrows(IllegalArgumentException.class, () -> s.set(s.encoding(), "morse"));
  }

  @Test
  void spikesEqualTheEncoderAppliedToEachImage() {
    EncodeStage stage = new EncodeStage().setEncoding(Encoding.RATE).setSteps(20).setMaxSpikes(8).setSeed(5);
    List<Row> out = sortedById(stage.transform(images(rows, 2)));
    assertEquals(rows.size(), out.size());
    SpikeEncoder enc = SpikeEncoders.create(Encoding.RATE, 20, 0.001, 100, 8, 0, 5);
    for (int r = 0; r < rows.size(); r++) {
      Row in = rows.get(r);
      Row o = out.get(r);
      assertEquals(in.getLong(0), o.getLong(o.fieldIndex("id")));
      assertEquals("rate", o.getString(o.fieldIndex("encoding")));
      assertEquals(20, o.getInt(o.fieldIndex("steps")));
      float[] p = new float[20];
      byte[] px = (byte[]) in.get(5);
      for (int i = 0; i < p.length; i++) {
        p[i] = (px[i] & 0xFF) / 255f;
      }
      EncodedInput expected = enc.encode(in.getLong(0), p);
      assertArrayEquals(expected.toBytes(), (byte[]) o.get(o.fieldIndex("spikes")));
      assertNull(o.get(o.fieldIndex("values")));
    }
  }

  @Test
  void outputIsIdenticalForOneAndThreePartitionsAndShuffledInput() {
    EncodeStage stage = new EncodeStage().setEncoding(Encoding.POISSON).setSteps(25).setMaxRateHz(200).setSeed(9);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(3));
    List<Row> one = sortedById(stage.transform(images(rows, 1)));
    List<Row> three = sortedById(stage.transform(images(shuffled, 3)));
    assertEquals(one.size(), three.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals((byte[]) one.get(i).get(8), (byte[]) three.get(i).get(8), "row " + i);
    }
  }

  @Test
  void timeTileStoresIntensitiesOnceAsValues() {
    EncodeStage stage = new EncodeStage().setEncoding(Encoding.TIME_TILE).setSteps(100);
    Row o = sortedById(stage.transform(images(rows.subList(0, 1), 1))).get(0);
    assertNull(o.get(o.fieldIndex("spikes")));
    byte[] values = (byte[]) o.get(o.fieldIndex("values"));
    assertEquals(20 * 4, values.length, "20 float32 intensities, not 100 steps of them");
  }

  @Test
  void transformSchemaNamesMissingColumn() {
    Dataset<Row> noPixels = images(rows, 1).drop("pixels");
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> new EncodeStage().transformSchema(noPixels.schema()));
    assertTrue(e.getMessage().startsWith("Input column 'pixels' (binary) is missing"), e.getMessage());
  }

  @Test
  void transformSchemaNamesMistypedColumn() {
    Dataset<Row> strLabel = images(rows, 1).withColumn("label", org.apache.spark.sql.functions.lit("x"));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> new EncodeStage().transformSchema(strLabel.schema()));
    assertEquals("Input column 'label' must be int, found string.", e.getMessage());
  }

  @Test
  void maxSpikesAboveStepsIsRejectedBeforeAnyDataMoves() {
    EncodeStage stage = new EncodeStage().setSteps(5).setMaxSpikes(6);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> stage.transformSchema(Tables.IMAGES));
    assertTrue(e.getMessage().contains("maxSpikes must be <= steps (5), got 6.0"), e.getMessage());
  }

  @Test
  void copyAndSaveLoadRoundTripKeepParams(@TempDir Path tmp) throws Exception {
    EncodeStage stage = new EncodeStage().setEncoding(Encoding.LATENCY).setSteps(12).setThreshold(0.25).setSeed(4);
    EncodeStage copy = stage.copy(new org.apache.spark.ml.param.ParamMap());
    assertEquals(stage.uid(), copy.uid());
    assertEquals(12, copy.getSteps());
    String path = tmp.resolve("stage").toString();
    stage.write().save(path);
    EncodeStage loaded = EncodeStage.load(path);
    assertEquals(stage.uid(), loaded.uid());
    assertEquals(Encoding.LATENCY, loaded.getEncoding());
    assertEquals(12, loaded.getSteps());
    assertEquals(0.25, loaded.getThreshold());
    assertEquals(4L, loaded.getSeed());
  }
}
