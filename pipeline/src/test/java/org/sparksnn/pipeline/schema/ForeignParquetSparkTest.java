package org.sparksnn.pipeline.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.pipeline.SparkTestSession;
import org.sparksnn.pipeline.hdfs.HdfsFixtures;
import org.sparksnn.pipeline.loihi.ChipEvaluation;
import org.sparksnn.pipeline.loihi.LoihiStage;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.stage.EncodeStage;
import org.sparksnn.pipeline.stage.Encoding;
import org.sparksnn.pipeline.stage.SnnModel;

/**
 * Images tables that another tool wrote: Parquet files made with parquet-mr's own example writer
 * (not Spark's), with the physical types and optional (nullable) columns that pyarrow or pandas
 * produce, and files written by parquetjs (a Parquet implementation independent of Spark and
 * parquet-mr, in {@code src/test/resources/foreign-parquet}). A table with the expected types works in every stage exactly like a Spark-written one;
 * a missing or mistyped column is named by the stage before any Spark job runs on the data.
 */
@Tag("spark")
class ForeignParquetSparkTest {
  private static final int IMAGES = 24;
  private static final int SIDE = 28;

  /** What pyarrow writes for a pandas frame with these dtypes (int64 ids, int32 sizes, bytes). */
  private static final String PYARROW_LIKE =
      "message schema { optional int64 id; optional int32 label; optional int32 height;"
          + " optional int32 width; optional int32 channels; optional binary pixels; }";

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static final AtomicInteger JOBS = new AtomicInteger();
  private static List<Object[]> images;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(ForeignParquetSparkTest.class);
    spark.sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart jobStart) {
                JOBS.incrementAndGet();
              }
            });
    Random rng = new Random(5);
    images = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      byte[] px = new byte[SIDE * SIDE];
      rng.nextBytes(px);
      images.add(new Object[] {1000L + i, i % 10, SIDE, SIDE, 1, px});
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Writes {@link #images} with parquet-mr's example writer under {@code messageType}; a column
   * absent from the type is left out, an int64 column gets the value as a long.
   */
  private static String writeForeign(String name, String messageType) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(messageType);
    String[] columns = {"id", "label", "height", "width", "channels", "pixels"};
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(tmp.resolve(name).resolve("part-0.parquet").toUri());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(file).withConf(new Configuration()).withType(schema).build()) {
      for (Object[] img : images) {
        Group g = groups.newGroup();
        for (int c = 0; c < columns.length; c++) {
          if (!schema.containsField(columns[c])) {
            continue;
          }
          var type = schema.getType(columns[c]).asPrimitiveType().getPrimitiveTypeName();
          switch (type) {
            case INT64 -> g.add(columns[c], ((Number) img[c]).longValue());
            case INT32 -> g.add(columns[c], ((Number) img[c]).intValue());
            case BINARY -> g.add(columns[c], Binary.fromConstantByteArray((byte[]) img[c]));
            default -> throw new IllegalArgumentException(type.toString());
          }
        }
        w.write(g);
      }
    }
    return tmp.resolve(name).toString();
  }

  /** The same images written by Spark with spark-snn's own schema. */
  private static Dataset<Row> sparkWritten(String name) {
    List<Row> rows = new ArrayList<>();
    for (Object[] img : images) {
      rows.add(org.apache.spark.sql.RowFactory.create(img));
    }
    String dir = tmp.resolve(name).toString();
    spark.createDataFrame(rows, Tables.IMAGES).write().parquet(dir);
    return spark.read().parquet(dir);
  }

  private static EncodeStage rateEncoder() {
    return new EncodeStage().setEncoding(Encoding.RATE).setSteps(6).setMaxSpikes(3).setSeed(9);
  }

  /** Runs {@code body}, which must throw, and asserts that it started no Spark job. */
  private static DataFormatException failsBeforeAnyJob(org.junit.jupiter.api.function.Executable body) {
    waitForListeners();
    int before = JOBS.get();
    DataFormatException e = assertThrows(DataFormatException.class, body);
    waitForListeners();
    assertEquals(before, JOBS.get(), "Spark jobs started before the schema error");
    return e;
  }

  private static void waitForListeners() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tableWithTheExpectedTypesEncodesExactlyLikeASparkWrittenOne() throws Exception {
    Dataset<Row> foreign = spark.read().parquet(writeForeign("ok", PYARROW_LIKE));
    assertTrue(foreign.schema().apply("pixels").nullable(), "parquet-mr optional columns are nullable");
    List<Row> fromForeign = rateEncoder().transform(foreign).orderBy("id").collectAsList();
    List<Row> fromSpark = rateEncoder().transform(sparkWritten("ok-spark")).orderBy("id").collectAsList();
    assertEquals(IMAGES, fromForeign.size());
    for (int i = 0; i < IMAGES; i++) {
      Row a = fromForeign.get(i);
      Row b = fromSpark.get(i);
      assertEquals(b.getLong(0), a.getLong(0));
      assertArrayEquals((byte[]) b.getAs("spikes"), (byte[]) a.getAs("spikes"), "spikes of id " + a.get(0));
    }
  }

  @Test
  void missingPixelsColumnIsNamedBeforeAnyJobRuns() throws Exception {
    Dataset<Row> foreign =
        spark.read()
            .parquet(
                writeForeign(
                    "no-pixels",
                    "message schema { optional int64 id; optional int32 label; optional int32 height;"
                        + " optional int32 width; optional int32 channels; }"));
    DataFormatException e = failsBeforeAnyJob(() -> rateEncoder().transform(foreign));
    assertEquals(
        "Input column 'pixels' (binary) is missing; columns are id, label, height, width, channels.",
        e.getMessage());
  }

  @Test
  void labelWrittenAsInt64IsNamedWithBothTypes() throws Exception {
    Dataset<Row> foreign =
        spark.read()
            .parquet(writeForeign("int64-label", PYARROW_LIKE.replace("int32 label", "int64 label")));
    DataFormatException e = failsBeforeAnyJob(() -> rateEncoder().transform(foreign));
    assertEquals("Input column 'label' must be int, found bigint.", e.getMessage());
  }

  @Test
  void loihiStageRunsAForeignTableLikeASparkWrittenOneAndNamesAMissingColumn() throws Exception {
    NetworkSpec spec = HdfsFixtures.spec("loihi-relu", 10);
    LoihiStage stage =
        new LoihiStage(
            spec,
            HdfsFixtures.weights(spec, 3),
            Map.of(),
            rateEncoder().setSteps(10).setMaxSpikes(5).toEncoder(),
            10,
            Strictness.WARN,
            false,
            8);
    ChipEvaluation.Tally foreign = stage.run(spark.read().parquet(writeForeign("loihi-ok", PYARROW_LIKE)));
    ChipEvaluation.Tally own = stage.run(sparkWritten("loihi-spark"));
    assertEquals(IMAGES, foreign.images());
    assertEquals(own.correct(), foreign.correct());
    assertArrayEquals(own.spikesPerLayer(), foreign.spikesPerLayer());

    Dataset<Row> noHeight =
        spark.read()
            .parquet(
                writeForeign(
                    "loihi-no-height",
                    "message schema { optional int64 id; optional int32 label;"
                        + " optional int32 width; optional int32 channels; optional binary pixels; }"));
    DataFormatException e = failsBeforeAnyJob(() -> stage.run(noHeight));
    assertTrue(e.getMessage().startsWith("Input column 'height' (int) is missing"), e.getMessage());
  }

  @Test
  void trainedModelNamesAnIdWrittenAsInt32() throws Exception {
    NetworkSpec spec = HdfsFixtures.spec("relu", 4);
    Path dir = tmp.resolve("model");
    ModelDirectory.write(
        new org.apache.hadoop.fs.Path(dir.toUri()),
        new ModelFile(1, ArchitectureConfig.of(spec), null, null),
        HdfsFixtures.weights(spec, 1),
        new Configuration(),
        false);
    SnnModel model = SnnModel.fromDirectory(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration());
    Dataset<Row> ok = spark.read().parquet(writeForeign("model-ok", PYARROW_LIKE));
    assertEquals(IMAGES, model.transform(ok).count());
    Dataset<Row> int32Id =
        spark.read().parquet(writeForeign("int32-id", PYARROW_LIKE.replace("int64 id", "int32 id")));
    DataFormatException e = failsBeforeAnyJob(() -> model.transform(int32Id));
    assertEquals("Input column 'id' must be bigint, found int.", e.getMessage());
  }

  // --- files written by parquetjs (src/test/resources/foreign-parquet, see make-fixtures.js there)

  private static final int JS_IMAGES = 12;

  private static String fixture(String name) throws Exception {
    return Path.of(ForeignParquetSparkTest.class.getResource("/foreign-parquet/" + name).toURI()).toString();
  }

  /** Pixel k of fixture image i, as make-fixtures.js writes it. */
  private static byte[] fixturePixels(int i) {
    byte[] px = new byte[SIDE * SIDE];
    for (int k = 0; k < px.length; k++) {
      px[k] = (byte) ((37 * i + 11 * k + (k * k) % 17) % 256);
    }
    return px;
  }

  @Test
  void fileWrittenByParquetjsIsReadExactlyAndEncodesLikeASparkWrittenOne() throws Exception {
    Dataset<Row> js = spark.read().parquet(fixture("images.parquet"));
    List<Row> rows = js.orderBy("id").collectAsList();
    assertEquals(JS_IMAGES, rows.size());
    List<Row> same = new ArrayList<>();
    for (int i = 0; i < JS_IMAGES; i++) {
      Row r = rows.get(i);
      assertEquals(5000L + i, r.getLong(r.fieldIndex("id")));
      assertEquals(i % 10, r.getInt(r.fieldIndex("label")));
      assertArrayEquals(fixturePixels(i), (byte[]) r.getAs("pixels"), "pixels of image " + i);
      same.add(org.apache.spark.sql.RowFactory.create(5000L + i, i % 10, SIDE, SIDE, 1, fixturePixels(i)));
    }
    List<Row> fromJs = rateEncoder().transform(js).orderBy("id").collectAsList();
    List<Row> fromSpark =
        rateEncoder().transform(spark.createDataFrame(same, Tables.IMAGES)).orderBy("id").collectAsList();
    for (int i = 0; i < JS_IMAGES; i++) {
      assertArrayEquals((byte[]) fromSpark.get(i).getAs("spikes"), (byte[]) fromJs.get(i).getAs("spikes"));
    }
  }

  @Test
  void filesWrittenByParquetjsWithAMistypedOrMissingColumnAreNamedBeforeAnyJob() throws Exception {
    Dataset<Row> int64Label = spark.read().parquet(fixture("images-int64-label.parquet"));
    assertEquals(
        "Input column 'label' must be int, found bigint.",
        failsBeforeAnyJob(() -> rateEncoder().transform(int64Label)).getMessage());
    Dataset<Row> noPixels = spark.read().parquet(fixture("images-no-pixels.parquet"));
    assertEquals(
        "Input column 'pixels' (binary) is missing; columns are id, label, height, width, channels.",
        failsBeforeAnyJob(() -> rateEncoder().transform(noPixels)).getMessage());
  }
}
