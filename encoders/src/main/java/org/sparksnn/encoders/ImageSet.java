package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Images as one contiguous byte array.
 *
 * @param count number of images, ≥ 0
 * @param height rows per image, &gt; 0
 * @param width columns per image, &gt; 0
 * @param channels channels per pixel, &gt; 0
 * @param pixels {@code count·height·width·channels} unsigned bytes, image-major, row-major HWC
 */
public record ImageSet(int count, int height, int width, int channels, byte[] pixels) {
  public ImageSet {
    Checks.nonNegative("ImageSet.count", count);
    Checks.positive("ImageSet.height", height);
    Checks.positive("ImageSet.width", width);
    Checks.positive("ImageSet.channels", channels);
    Checks.check(
        pixels.length == (long) count * height * width * channels,
        "ImageSet.pixels",
        "must hold count*height*width*channels = "
            + ((long) count * height * width * channels)
            + " bytes",
        pixels.length);
  }

  /** Bytes per image. */
  public int imageSize() {
    return height * width * channels;
  }

  /** Image {@code i}'s intensities {@code pixel / 255} into {@code out} (length {@link #imageSize}). */
  public void intensities(int i, float[] out) {
    int size = imageSize();
    int base = i * size;
    for (int k = 0; k < size; k++) {
      out[k] = (pixels[base + k] & 0xFF) / 255f;
    }
  }
}
