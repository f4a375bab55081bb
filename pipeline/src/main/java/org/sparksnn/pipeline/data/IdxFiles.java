package org.sparksnn.pipeline.data;

/**
 * The four IDX files of a split dataset directory, and their expected image counts.
 *
 * @param images file name of the images ({@code idx3-ubyte})
 * @param labels file name of the labels ({@code idx1-ubyte})
 * @param count number of images
 * @param idOffset id of the first image: train ids are 0..59,999, test ids 60,000..69,999
 */
public record IdxFiles(String images, String labels, int count, long idOffset) {
  public static final IdxFiles TRAIN =
      new IdxFiles("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60_000, 0);
  public static final IdxFiles TEST =
      new IdxFiles("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10_000, 60_000);

  /** The files of split {@code train} or {@code test}. */
  public static IdxFiles forSplit(String split) {
    return switch (split) {
      case "train" -> TRAIN;
      case "test" -> TEST;
      default ->
          throw new IllegalArgumentException("split must be train or test, got '" + split + "'");
    };
  }
}
