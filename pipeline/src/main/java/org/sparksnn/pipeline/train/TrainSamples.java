package org.sparksnn.pipeline.train;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.sparksnn.ops.Checks;

/**
 * The training set every replica holds: sample ids, labels and per-sample feature vectors (the
 * time-tiled input intensities, e.g. 784 floats in [0, 1] per MNIST image).
 *
 * <p>Replicas hold the <b>whole</b> set (broadcast once per run), because the batch plan reshuffles
 * all ids every epoch: micro-batch {@code m} of a step may hold any sample. For MNIST-size data
 * (60 000 × 784 floats ≈ 188 MB, uint8 ≈ 47 MB) this fits every executor; arrays are kept, not
 * copied.
 *
 * @param ids unique sample ids
 * @param labels {@code labels[i]} is the class of {@code ids[i]}, {@code >= 0}
 * @param features {@code features[i]} is the input of {@code ids[i]}; all of one length
 */
public record TrainSamples(long[] ids, int[] labels, float[][] features)
    implements java.io.Serializable {

  public TrainSamples {
    Checks.notNull("TrainSamples.ids", ids);
    Checks.notNull("TrainSamples.labels", labels);
    Checks.notNull("TrainSamples.features", features);
    Checks.check(ids.length > 0, "TrainSamples.ids", "must not be empty", ids.length);
    Checks.check(
        labels.length == ids.length,
        "TrainSamples.labels.length",
        "must equal ids.length " + ids.length,
        labels.length);
    Checks.check(
        features.length == ids.length,
        "TrainSamples.features.length",
        "must equal ids.length " + ids.length,
        features.length);
    int width = Objects.requireNonNull(features[0], "TrainSamples.features[0]").length;
    for (int i = 0; i < ids.length; i++) {
      Checks.check(labels[i] >= 0, "TrainSamples.labels[" + i + "]", "must be >= 0", labels[i]);
      Checks.check(
          features[i] != null && features[i].length == width,
          "TrainSamples.features[" + i + "].length",
          "must be " + width,
          features[i] == null ? "null" : features[i].length);
    }
  }

  /** Number of samples. */
  public int size() {
    return ids.length;
  }

  /** Features per sample. */
  public int width() {
    return features[0].length;
  }

  /** SHA-256 hex digest of ids, labels and feature bits in order: the data part of a config hash. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(12 + 4 * width());
      for (int i = 0; i < ids.length; i++) {
        buf.clear();
        buf.putLong(ids[i]).putInt(labels[i]);
        for (float f : features[i]) {
          buf.putFloat(f);
        }
        md.update(buf.array(), 0, buf.position());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
