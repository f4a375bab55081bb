package org.sparksnn.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.jobs.HadoopSettings;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.jobs.tables.PartFileErrors;
import org.sparksnn.jobs.tables.TableFormatter;
import org.sparksnn.pipeline.io.HadoopPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spark-snn show}: prints any of spark-snn's Parquet tables. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints rows of a spark-snn Parquet table (images, encoded, sweep results).",
      "PATH is the table, or a directory holding one table within three levels, e.g. a sweep's",
      "results directory (its results.parquet); one holding several lists them.",
      "Spike trains are shown decoded: total spikes, per-input counts, or a raster.",
      "JSON: one object per row, each column one JSON type (string columns stay strings)."
    })
final class ShowCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "table directory, or a directory holding one (any Hadoop path)")
  String path;

  @Option(names = "--limit", defaultValue = "10", description = "rows to print; default ${DEFAULT-VALUE}")
  int limit;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json; default ${DEFAULT-VALUE}")
  TableFormatter.Format format;

  @Option(
      names = "--spikes",
      defaultValue = "total",
      description = "how to show spike trains: total, counts (per input, non-zero) or raster; default ${DEFAULT-VALUE}")
  TableFormatter.SpikeView spikes;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master; default local[*]")
  String master;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
    }
    SparkSessionFactory.checkMaster(master);
    // the table is found before Spark starts: a wrong path fails at once
    Configuration files = HadoopSettings.fromSystemProperties();
    String resolved = TableFormatter.resolve(files, path);
    if (!resolved.equals(path)) {
      System.err.println("showing " + HadoopPaths.qualified(new Path(resolved), files));
    }
    SparkSession spark = SparkSessionFactory.create("spark-snn show", master, java.util.Map.of());
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Dataset<Row> table = TableFormatter.read(spark, resolved);
      // a part file that is not Parquet or is damaged may only show when the rows are read
      List<Row> rows =
          PartFileErrors.reading(conf, () -> new ArrayList<>(table.limit(limit).collectAsList()));
      long count = PartFileErrors.reading(conf, table::count);
      System.out.print(new TableFormatter(format, spikes).format(table.schema(), rows, count));
    } finally {
      spark.stop();
    }
    return 0;
  }
}
