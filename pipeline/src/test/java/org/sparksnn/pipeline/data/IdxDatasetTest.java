package org.sparksnn.pipeline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.ops.DataFormatException;

/** Reading a split's IDX files through Hadoop, and what a damaged file gives. */
class IdxDatasetTest {
  @TempDir java.nio.file.Path tmp;
  private final Configuration conf = new Configuration();
  private static final IdxFiles FILES = new IdxFiles("imgs-idx3-ubyte", "lbls-idx1-ubyte", 4, 0);

  /** Four 2x2 images and their labels, written through Hadoop (with its .crc checksum files). */
  private Path writeSplit() throws Exception {
    Path dir = new Path(tmp.resolve("data").toUri());
    FileSystem fs = dir.getFileSystem(conf);
    byte[] px = new byte[16];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 13);
    }
    try (OutputStream out = fs.create(new Path(dir, FILES.images()))) {
      IdxWriter.writeImages(out, new ImageSet(4, 2, 2, 1, px));
    }
    try (OutputStream out = fs.create(new Path(dir, FILES.labels()))) {
      IdxWriter.writeLabels(out, new LabelSet(4, new byte[] {0, 1, 2, 3}));
    }
    return dir;
  }

  @Test
  void readsImagesAndLabels() throws Exception {
    IdxDataset.Split s = IdxDataset.read(writeSplit(), FILES, conf);
    assertEquals(4, s.images().count());
    assertEquals(3, s.labels().label(3));
  }

  @Test
  void aFileChangedBehindItsChecksumIsBadInputNamingFileAndChecksumFile() throws Exception {
    Path dir = writeSplit();
    java.nio.file.Path images = tmp.resolve("data").resolve(FILES.images());
    byte[] bytes = Files.readAllBytes(images);
    bytes[bytes.length - 1] ^= 1; // one pixel changed by another program
    Files.write(images, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> IdxDataset.read(dir, FILES, conf));
    assertTrue(e.getMessage().contains("/data/imgs-idx3-ubyte: does not match its checksum file "), e.getMessage());
    assertTrue(e.getMessage().contains(".imgs-idx3-ubyte.crc"), e.getMessage());
    assertTrue(e.getMessage().endsWith("delete the checksum file"), e.getMessage());
  }
}
