package org.sparksnn.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.SpikeTrain;
import org.sparksnn.ops.DataFormatException;

/** Formatting rows (no Spark session needed) and finding the table to show. */
class TableFormatterTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("synapse", DataTypes.StringType)
          .add("accuracy_lowpass", DataTypes.DoubleType)
          .add("n_images", DataTypes.LongType)
          .add("ok", DataTypes.BooleanType)
          .add("accuracy_per_step", DataTypes.createArrayType(DataTypes.DoubleType, false));

  private static Object seq(Double... values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(values)).toSeq();
  }

  private static final List<Row> ROWS =
      List.of(
          RowFactory.create("none", null, 10L, true, seq(0.5, 0.75)),
          RowFactory.create("0.005", Double.NaN, 20L, false, seq()),
          RowFactory.create("{act0=0.01}", 0.9695, 30L, null, seq(1e-4)));

  private static String format(TableFormatter.Format f) {
    return new TableFormatter(f, TableFormatter.SpikeView.total).format(SCHEMA, ROWS, 7);
  }

  @Test
  void jsonGivesEachColumnOneTypeFromItsSparkType() {
    assertEquals(
        "{\"synapse\": \"none\", \"accuracy_lowpass\": null, \"n_images\": 10, \"ok\": true,"
            + " \"accuracy_per_step\": [0.5, 0.75]}\n"
            + "{\"synapse\": \"0.005\", \"accuracy_lowpass\": null, \"n_images\": 20,"
            + " \"ok\": false, \"accuracy_per_step\": []}\n"
            + "{\"synapse\": \"{act0=0.01}\", \"accuracy_lowpass\": 0.9695, \"n_images\": 30,"
            + " \"ok\": null, \"accuracy_per_step\": [1.0E-4]}\n",
        format(TableFormatter.Format.json));
  }

  @Test
  void csvAndTableJoinArraysWithSemicolonsAsResultsCsvDoes() {
    assertEquals(
        "synapse,accuracy_lowpass,n_images,ok,accuracy_per_step\n"
            + "none,,10,true,0.5;0.75\n"
            + "0.005,NaN,20,false,\n"
            + "{act0=0.01},0.9695,30,,1.0E-4\n",
        format(TableFormatter.Format.csv));
    assertEquals(
        "synapse     | accuracy_lowpass | n_images | ok    | accuracy_per_step\n"
            + "------------+------------------+----------+-------+------------------\n"
            + "none        |                  | 10       | true  | 0.5;0.75\n"
            + "0.005       | NaN              | 20       | false |\n"
            + "{act0=0.01} | 0.9695           | 30       |       | 1.0E-4\n"
            + "(3 of 7 rows)\n",
        format(TableFormatter.Format.table));
  }

  @Test
  void csvQuotesCellsHoldingCommasQuotesOrLineBreaks() {
    StructType schema = new StructType().add("synapse", DataTypes.StringType).add("n", DataTypes.IntegerType);
    List<Row> rows =
        List.of(
            RowFactory.create("{act0=0.01, act1=0.02}", 1),
            RowFactory.create("say \"hi\"", 2),
            RowFactory.create("two\nlines", 3),
            RowFactory.create("plain", 4));
    assertEquals(
        "synapse,n\n"
            + "\"{act0=0.01, act1=0.02}\",1\n"
            + "\"say \"\"hi\"\"\",2\n"
            + "\"two\nlines\",3\n"
            + "plain,4\n",
        new TableFormatter(TableFormatter.Format.csv, TableFormatter.SpikeView.total)
            .format(schema, rows, 4));
  }

  /** An encoded-table row: 3 steps of 1x3x1 inputs; input 0 spikes at steps 0 and 2, input 2 at step 1. */
  private static String spikes(TableFormatter.SpikeView view) {
    StructType schema =
        new StructType()
            .add("steps", DataTypes.IntegerType)
            .add("height", DataTypes.IntegerType)
            .add("width", DataTypes.IntegerType)
            .add("channels", DataTypes.IntegerType)
            .add("spikes", DataTypes.BinaryType);
    byte[] train =
        SpikeTrain.of(
                new boolean[][] {{true, false, false}, {false, false, true}, {true, false, false}})
            .toBytes();
    return new TableFormatter(TableFormatter.Format.csv, view)
        .format(schema, List.of(RowFactory.create(3, 1, 3, 1, train)), 1);
  }

  @Test
  void spikeTrainsAreShownAsTotalsPerInputCountsOrARaster() {
    assertEquals("steps,height,width,channels,spikes\n3,1,3,1,3 spikes\n", spikes(TableFormatter.SpikeView.total));
    assertEquals("steps,height,width,channels,spikes\n3,1,3,1,0:2 2:1\n", spikes(TableFormatter.SpikeView.counts));
    assertEquals(
        "steps,height,width,channels,spikes\n3,1,3,1,\"|..\n..|\n|..\"\n",
        spikes(TableFormatter.SpikeView.raster));
  }

  @Test
  void otherBinaryColumnsAreSummarizedNotDumped() {
    StructType schema =
        new StructType().add("values", DataTypes.BinaryType).add("pixels", DataTypes.BinaryType);
    Row row = RowFactory.create(new byte[12], new byte[784]);
    assertEquals(
        "values,pixels\n3 float32 values,784 bytes\n",
        new TableFormatter(TableFormatter.Format.csv, TableFormatter.SpikeView.total)
            .format(schema, List.of(row), 1));
    assertEquals(
        "{\"values\": \"3 float32 values\", \"pixels\": \"784 bytes\"}\n",
        new TableFormatter(TableFormatter.Format.json, TableFormatter.SpikeView.total)
            .format(schema, List.of(row), 1));
  }

  @Test
  void aTableIsItsOwnTable(@TempDir Path tmp) throws Exception {
    Path t = table(tmp, "encoded/test");
    assertEquals(t.toString(), TableFormatter.resolve(new Configuration(), t.toString()));
  }

  @Test
  void aDirectoryHoldingOneTableWithinThreeLevelsResolvesToIt(@TempDir Path tmp) throws Exception {
    table(tmp, "run/sweep/results/results.parquet");
    Files.createDirectories(tmp.resolve("run/sweep/points"));
    Files.writeString(tmp.resolve("run/sweep/results/report.md"), "# Evaluation sweep\n");
    for (String dir : List.of("run/sweep/results", "run/sweep", "run")) {
      assertEquals(
          tmp.resolve("run/sweep/results/results.parquet").toString(),
          TableFormatter.resolve(new Configuration(), tmp.resolve(dir).toString()),
          dir);
    }
  }

  @Test
  void aDirectoryHoldingSeveralTablesListsThem(@TempDir Path tmp) throws Exception {
    table(tmp, "run/encoded/train");
    table(tmp, "run/encoded/test");
    table(tmp, "run/sweep/results/results.parquet");
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("run").toString()));
    assertEquals(
        "file:"
            + tmp.resolve("run")
            + ": not a Parquet table; it holds the tables encoded/test, encoded/train,"
            + " sweep/results/results.parquet; show one of them",
        e.getMessage());
  }

  @Test
  void aDirectoryWithoutTablesSaysWhatItHolds(@TempDir Path tmp) throws Exception {
    table(tmp, "run/a/b/c/deep");
    Files.createDirectories(tmp.resolve("run/model"));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("run").toString()));
    assertEquals(
        "file:" + tmp.resolve("run") + ": not a Parquet table; it holds: a, model", e.getMessage());
    e =
        assertThrows(
            DataFormatException.class,
            () -> TableFormatter.resolve(new Configuration(), tmp.resolve("none").toString()));
    assertEquals("file:" + tmp.resolve("none") + ": no such table", e.getMessage());
  }

  /** A directory {@code relative} under {@code root} holding an (empty) Parquet part file. */
  private static Path table(Path root, String relative) throws Exception {
    Path dir = Files.createDirectories(root.resolve(relative));
    Files.write(dir.resolve("part-00000.snappy.parquet"), new byte[0]);
    return dir;
  }
}
