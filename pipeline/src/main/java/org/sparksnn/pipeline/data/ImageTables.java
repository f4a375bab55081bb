package org.sparksnn.pipeline.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.io.PathErrors;
import org.sparksnn.pipeline.schema.Tables;

/**
 * Builds the images table ({@link Tables#IMAGES}) from an IDX split.
 *
 * <p>Plain IDX files have fixed-size records, so executors read their own byte ranges straight
 * from the (Hadoop) file system: nothing but the ranges travels from the driver. Gzipped files
 * cannot be seeked and are read on the driver instead.
 */
public final class ImageTables {
  private static final int IMAGES_HEADER = 16;
  private static final int LABELS_HEADER = 8;
  private static final int MAX_PARTITION_IMAGES = 20_000;

  private ImageTables() {}

  /**
   * The first {@code limit} images of split {@code files} in {@code dir}, ids {@code
   * files.idOffset() + index}. The split is verified first ({@link IdxDataset#read}).
   *
   * @param limit at most this many images; 0 = all
   * @param partitions number of partitions; 0 = Spark's default parallelism
   */
  public static Dataset<Row> fromIdx(
      SparkSession spark, Path dir, IdxFiles files, int limit, int partitions) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    IdxDataset.Split split = IdxDataset.read(dir, files, conf);
    Path images = new Path(dir, files.images());
    Path labels = new Path(dir, files.labels());
    try {
      FileSystem fs = images.getFileSystem(conf);
      if (!fs.exists(images) || !fs.exists(labels)) {
        return fromSplit(spark, split, files.idOffset(), limit, partitions); // gzipped
      }
      images = fs.makeQualified(images);
      labels = fs.makeQualified(labels);
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "read dataset", e);
    }
    ImageSet set = split.images();
    int n = limit > 0 ? Math.min(limit, set.count()) : set.count();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = partitions > 0 ? partitions : jsc.defaultParallelism();
    parts = Math.max(parts, (n + MAX_PARTITION_IMAGES - 1) / MAX_PARTITION_IMAGES);
    List<RecordRange> ranges = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      if (to > from) {
        ranges.add(
            new RecordRange(
                images.toString(),
                labels.toString(),
                from,
                to,
                set.height(),
                set.width(),
                files.idOffset()));
      }
    }
    Broadcast<SerializableWritable<Configuration>> bc =
        jsc.broadcast(new SerializableWritable<>(conf));
    JavaRDD<Row> rows =
        jsc.parallelize(ranges, ranges.size()).flatMap(r -> r.read(bc.value().value()));
    return spark.createDataFrame(rows, Tables.IMAGES);
  }

  /**
   * Images of an in-memory split, parallelized from the driver (for gzipped files and tests).
   *
   * @param limit at most this many images; 0 = all
   * @param partitions number of partitions; 0 = Spark's default parallelism
   */
  public static Dataset<Row> fromSplit(
      SparkSession spark, IdxDataset.Split split, long idOffset, int limit, int partitions) {
    ImageSet images = split.images();
    int n = limit > 0 ? Math.min(limit, images.count()) : images.count();
    int size = images.imageSize();
    List<Row> rows = new ArrayList<>(n);
    byte[] pixels = images.pixels();
    for (int i = 0; i < n; i++) {
      rows.add(
          RowFactory.create(
              idOffset + i,
              split.labels().label(i),
              images.height(),
              images.width(),
              images.channels(),
              Arrays.copyOfRange(pixels, i * size, (i + 1) * size)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = partitions > 0 ? partitions : jsc.defaultParallelism();
    return spark.createDataFrame(jsc.parallelize(rows, parts), Tables.IMAGES);
  }

  /** Records {@code [from, to)} of a plain IDX split, read by one task. */
  private record RecordRange(
      String images, String labels, int from, int to, int height, int width, long idOffset)
      implements java.io.Serializable {

    Iterator<Row> read(Configuration conf) throws IOException {
      int size = height * width;
      int count = to - from;
      byte[] pixels = new byte[count * size];
      byte[] labelBytes = new byte[count];
      Path imagesPath = new Path(images);
      Path labelsPath = new Path(labels);
      try (FSDataInputStream in = imagesPath.getFileSystem(conf).open(imagesPath)) {
        in.readFully(IMAGES_HEADER + (long) from * size, pixels);
      } catch (java.io.EOFException e) {
        throw new DataFormatException(images + ": truncated while reading images " + from + ".." + to, e);
      }
      try (FSDataInputStream in = labelsPath.getFileSystem(conf).open(labelsPath)) {
        in.readFully(LABELS_HEADER + (long) from, labelBytes);
      } catch (java.io.EOFException e) {
        throw new DataFormatException(labels + ": truncated while reading labels " + from + ".." + to, e);
      }
      List<Row> rows = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        rows.add(
            RowFactory.create(
                idOffset + from + i,
                labelBytes[i] & 0xFF,
                height,
                width,
                1,
                Arrays.copyOfRange(pixels, i * size, (i + 1) * size)));
      }
      return rows.iterator();
    }
  }
}
