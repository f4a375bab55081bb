package org.sparksnn.encoders;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.sparksnn.ops.Checks;

/** Writes IDX files (plain, big-endian headers as in the MNIST distribution). */
public final class IdxWriter {
  private IdxWriter() {}

  /** Writes single-channel images as an idx3-ubyte file. */
  public static void writeImages(OutputStream out, ImageSet images) throws IOException {
    Checks.check(images.channels() == 1, "ImageSet.channels", "must be 1 for IDX", images.channels());
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(IdxReader.IMAGES_MAGIC);
    d.writeInt(images.count());
    d.writeInt(images.height());
    d.writeInt(images.width());
    d.write(images.pixels());
    d.flush();
  }

  /** Writes labels as an idx1-ubyte file. */
  public static void writeLabels(OutputStream out, LabelSet labels) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(IdxReader.LABELS_MAGIC);
    d.writeInt(labels.count());
    d.write(labels.labels());
    d.flush();
  }
}
