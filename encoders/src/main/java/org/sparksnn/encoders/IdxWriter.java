package org.sparksnn.encoders;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.sparksnn.ops.Checks;

/**
 * Writes IDX files, uncompressed, with big-endian headers as in the MNIST distribution (wrap the
 * stream in a {@link java.util.zip.GZIPOutputStream} for {@code .gz}). The stream is flushed, not
 * closed. {@link IdxReader} reads back exactly what is written here.
 */
public final class IdxWriter {
  private IdxWriter() {}

  /** Writes single-channel images as an {@code idx3-ubyte} file (magic, count, rows, columns). */
  public static void writeImages(OutputStream out, ImageSet images) throws IOException {
    Checks.notNull("IdxWriter.out", out);
    Checks.check(
        images.channels() == 1,
        "IdxWriter.images.channels",
        "must be 1 for IDX",
        images.channels());
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(IdxReader.IMAGES_MAGIC);
    d.writeInt(images.count());
    d.writeInt(images.height());
    d.writeInt(images.width());
    d.write(images.pixels());
    d.flush();
  }

  /** Writes labels as an {@code idx1-ubyte} file (magic, count). */
  public static void writeLabels(OutputStream out, LabelSet labels) throws IOException {
    Checks.notNull("IdxWriter.out", out);
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(IdxReader.LABELS_MAGIC);
    d.writeInt(labels.count());
    d.write(labels.labels());
    d.flush();
  }
}
