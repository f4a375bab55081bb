package org.sparksnn.jobs.tasks;

import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.pipeline.io.HadoopPaths;

/**
 * Checks of a stage's data against its model and config, made before any work starts, with
 * messages naming the file or key, the value and the constraint.
 */
final class InputChecks {
  private InputChecks() {}

  /**
   * Requires the images of {@code imagesFile} to have as many values as the model's input.
   *
   * @param model how the model is named in the message, e.g. {@code "model.input"}
   */
  static void imagesFitModel(
      Path imagesFile, ImageSet images, NetworkSpec spec, String model, Configuration conf) {
    int[] shape = spec.inputShape();
    int want = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (images.imageSize() != want) {
      throw new DataFormatException(
          HadoopPaths.qualified(imagesFile, conf)
              + ": images are "
              + images.height()
              + "x"
              + images.width()
              + "x"
              + images.channels()
              + " = "
              + images.imageSize()
              + " values, but "
              + model
              + " "
              + Arrays.toString(shape)
              + " takes "
              + want);
    }
  }

  /** Requires a batch no larger than the training set. */
  static void batchFitsData(int batchSize, int trainingImages) {
    if (batchSize > trainingImages) {
      throw new ConfigException(
          "train.batchSize must be <= the number of training images "
              + trainingImages
              + " (after data.trainLimit), got "
              + batchSize);
    }
  }
}
