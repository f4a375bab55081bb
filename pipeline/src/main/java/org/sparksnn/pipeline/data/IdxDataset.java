package org.sparksnn.pipeline.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.IdxReader;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.encoders.LabeledImages;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.PathErrors;

/**
 * Reads one split (images + labels) of an IDX dataset directory through Hadoop, accepting each
 * file plain or gzipped ({@code name} or {@code name.gz}), and checks it: at least one image,
 * label count equal to image count, labels in [0, 10). {@link #readComplete} also checks the
 * image count of the full dataset.
 */
public final class IdxDataset {
  private static final int NUM_CLASSES = 10;

  private IdxDataset() {}

  /** A split's images and labels. */
  public record Split(ImageSet images, LabelSet labels) {}

  /** Reads and checks split {@code files} of {@code dir}. */
  public static Split read(Path dir, IdxFiles files, Configuration conf) {
    HadoopPaths.requireDirectory(dir, conf, "dataset");
    Path imagesPath = locate(dir, files.images(), conf);
    Path labelsPath = locate(dir, files.labels(), conf);
    String imagesName = HadoopPaths.qualified(imagesPath, conf);
    String labelsName = HadoopPaths.qualified(labelsPath, conf);
    ImageSet images;
    LabelSet labels;
    try (InputStream in = HadoopPaths.openFile(imagesPath, conf)) {
      images = IdxReader.readImages(in, imagesName);
    } catch (IOException e) {
      throw readFailure(imagesPath, conf, e);
    }
    try (InputStream in = HadoopPaths.openFile(labelsPath, conf)) {
      labels = IdxReader.readLabels(in, labelsName, NUM_CLASSES);
    } catch (IOException e) {
      throw readFailure(labelsPath, conf, e);
    }
    if (images.count() == 0) {
      throw new DataFormatException(imagesName + ": image count is 0, expected at least 1");
    }
    LabeledImages checked = LabeledImages.of(images, imagesName, labels, labelsName);
    return new Split(checked.images(), checked.labels());
  }

  /**
   * A failed read of an IDX file: damaged bytes (a checksum mismatch) are bad input, anything else
   * an I/O failure; both name the file and the cause in words.
   */
  private static RuntimeException readFailure(Path file, Configuration conf, IOException e) {
    if (e instanceof org.apache.hadoop.fs.ChecksumException) {
      return new DataFormatException(
          HadoopPaths.qualified(file, conf) + ": " + PathErrors.cause(file, conf, e));
    }
    return PathErrors.failure(file, conf, "read", e);
  }

  /** Reads split {@code files} and requires exactly {@code files.count()} images. */
  public static Split readComplete(Path dir, IdxFiles files, Configuration conf) {
    Split s = read(dir, files, conf);
    if (s.images().count() != files.count()) {
      throw new DataFormatException(
          HadoopPaths.qualified(new Path(dir, files.images()), conf)
              + ": image count is "
              + s.images().count()
              + ", expected "
              + files.count());
    }
    return s;
  }

  /** {@code dir/name} if it exists, else {@code dir/name.gz} if that exists, else {@code dir/name}. */
  private static Path locate(Path dir, String name, Configuration conf) {
    Path plain = new Path(dir, name);
    if (HadoopPaths.exists(plain, conf)) {
      return plain;
    }
    Path gz = new Path(dir, name + ".gz");
    return HadoopPaths.exists(gz, conf) ? gz : plain;
  }
}
