package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Images as one contiguous array of unsigned bytes.
 *
 * <p>The array is shared, not copied (datasets are large); treat it as read-only.
 *
 * @param count number of images, &ge; 0
 * @param height rows per image, &gt; 0
 * @param width columns per image, &gt; 0
 * @param channels channels per pixel, &gt; 0 (IDX files have 1)
 * @param pixels {@code count·height·width·channels} unsigned bytes, image-major, each image
 *     row-major HWC
 */
public record ImageSet(int count, int height, int width, int channels, byte[] pixels) {
  public ImageSet {
    Checks.nonNegative("ImageSet.count", count);
    Checks.positive("ImageSet.height", height);
    Checks.positive("ImageSet.width", width);
    Checks.positive("ImageSet.channels", channels);
    Checks.notNull("ImageSet.pixels", pixels);
    long size = (long) height * width * channels;
    Checks.check(size <= Integer.MAX_VALUE, "ImageSet.imageSize", "must fit an int", size);
    Checks.check(
        pixels.length == size * count,
        "ImageSet.pixels",
        "must hold count*height*width*channels = " + (size * count) + " bytes",
        pixels.length);
  }

  /** Bytes (and intensities) per image: {@code height·width·channels}. */
  public int imageSize() {
    return height * width * channels;
  }

  /**
   * Writes image {@code i}'s intensities {@code pixel / 255f} (in [0, 1]) into {@code out}.
   *
   * @param i image index in [0, count)
   * @param out array of length &ge; {@link #imageSize}
   */
  public void intensities(int i, float[] out) {
    if (i < 0 || i >= count) {
      throw new IllegalArgumentException("ImageSet.index must be in [0, " + count + "), got " + i);
    }
    int size = imageSize();
    long base = (long) i * size;
    for (int k = 0; k < size; k++) {
      out[k] = (pixels[(int) (base + k)] & 0xFF) / 255f;
    }
  }

  /** Image {@code i}'s intensities {@code pixel / 255f} as a new array. */
  public float[] intensities(int i) {
    float[] out = new float[imageSize()];
    intensities(i, out);
    return out;
  }
}
