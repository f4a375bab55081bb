package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * Images with one label each (a dataset split).
 *
 * @param images the images
 * @param labels the labels, as many as images
 */
public record LabeledImages(ImageSet images, LabelSet labels) {
  public LabeledImages {
    Checks.notNull("LabeledImages.images", images);
    Checks.notNull("LabeledImages.labels", labels);
    Checks.check(
        labels.count() == images.count(),
        "LabeledImages.labels.count",
        "must equal images.count = " + images.count(),
        labels.count());
  }

  /**
   * Pairs images and labels read from files, failing with a {@link DataFormatException} that names
   * both files when the counts differ, e.g. {@code "t10k-labels-idx1-ubyte: label count is 9999,
   * expected 10000 (the image count of t10k-images-idx3-ubyte)"}.
   */
  public static LabeledImages of(
      ImageSet images, String imagesName, LabelSet labels, String labelsName) {
    if (labels.count() != images.count()) {
      throw new DataFormatException(
          labelsName
              + ": label count is "
              + labels.count()
              + ", expected "
              + images.count()
              + " (the image count of "
              + imagesName
              + ")");
    }
    return new LabeledImages(images, labels);
  }

  /** Number of labelled images. */
  public int count() {
    return images.count();
  }
}
