package org.sparksnn.pipeline.sweep;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.ops.Checks;

/**
 * The images a sweep evaluates, kept as unsigned bytes (10,000 MNIST images are 7.8 MB) and
 * broadcast once to every executor; each task converts its batches to time-tiled intensities {@code
 * pixel / 255} (the same conversion as training).
 *
 * @param ids unique sample ids, in evaluation order (keys of the initial voltages)
 * @param labels class of each image, {@code >= 0}
 * @param imageSize bytes per image ({@code h·w·c}), {@code > 0}
 * @param pixels {@code ids.length · imageSize} bytes, image-major
 */
public record EvalImages(long[] ids, int[] labels, int imageSize, byte[] pixels)
    implements java.io.Serializable {

  public EvalImages {
    Checks.notNull("EvalImages.ids", ids);
    Checks.notNull("EvalImages.labels", labels);
    Checks.notNull("EvalImages.pixels", pixels);
    Checks.check(ids.length > 0, "EvalImages.ids", "must not be empty", ids.length);
    Checks.positive("EvalImages.imageSize", imageSize);
    Checks.check(
        labels.length == ids.length,
        "EvalImages.labels.length",
        "must equal ids.length " + ids.length,
        labels.length);
    Checks.check(
        pixels.length == (long) ids.length * imageSize,
        "EvalImages.pixels.length",
        "must equal ids.length · imageSize = " + ((long) ids.length * imageSize),
        pixels.length);
    for (int i = 0; i < labels.length; i++) {
      Checks.check(labels[i] >= 0, "EvalImages.labels[" + i + "]", "must be >= 0", labels[i]);
    }
  }

  /**
   * The first {@code limit} images of a split (all if {@code limit <= 0}); image {@code i} gets id
   * {@code idOffset + i} (e.g. 60,000 for the MNIST test split, see {@code IdxFiles}).
   */
  public static EvalImages of(ImageSet images, LabelSet labels, long idOffset, int limit) {
    Checks.check(
        labels.count() == images.count(),
        "EvalImages.labels.count",
        "must equal images.count " + images.count(),
        labels.count());
    int n = limit <= 0 ? images.count() : Math.min(limit, images.count());
    int size = images.imageSize();
    long[] ids = new long[n];
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = idOffset + i;
      lab[i] = labels.label(i);
    }
    byte[] px = n == images.count() ? images.pixels() : Arrays.copyOf(images.pixels(), n * size);
    return new EvalImages(ids, lab, size, px);
  }

  /** Number of images. */
  public int count() {
    return ids.length;
  }

  /**
   * Writes image {@code i}'s intensities {@code pixel / 255f} into {@code out[off ..]}, looked up in
   * a table of the 256 quotients (the same floats; a division per pixel took 5 % of an MLP sweep's
   * time, session 19).
   */
  public void intensities(int i, float[] out, int off) {
    int base = i * imageSize;
    for (int k = 0; k < imageSize; k++) {
      out[off + k] = INTENSITY[pixels[base + k] & 0xFF];
    }
  }

  /** {@code INTENSITY[b] = b / 255f}; never written after class initialization. */
  private static final float[] INTENSITY = new float[256];

  static {
    for (int b = 0; b < INTENSITY.length; b++) {
      INTENSITY[b] = b / 255f;
    }
  }

  /** SHA-256 hex of ids, labels and pixels in order: the data part of every point's key. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer head = ByteBuffer.allocate(12 * ids.length + 4);
      head.putInt(imageSize);
      for (int i = 0; i < ids.length; i++) {
        head.putLong(ids[i]).putInt(labels[i]);
      }
      md.update(head.array());
      md.update(pixels);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
