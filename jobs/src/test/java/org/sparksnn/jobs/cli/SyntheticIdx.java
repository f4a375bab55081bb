package org.sparksnn.jobs.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;

/**
 * A small MNIST-shaped dataset for tests: 28×28 images whose class c lights a 7×7 block at a
 * class-specific position, plus noise; written as the four IDX files.
 */
final class SyntheticIdx {
  private SyntheticIdx() {}

  static void write(Path dir, int train, int test, long seed) throws IOException {
    Files.createDirectories(dir);
    Random rng = new Random(seed);
    writeSplit(dir, "train", train, rng);
    writeSplit(dir, "t10k", test, rng);
  }

  private static void writeSplit(Path dir, String prefix, int n, Random rng) throws IOException {
    byte[] px = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      labels[i] = (byte) c;
      int r0 = (c / 4) * 9;
      int c0 = (c % 4) * 7;
      for (int k = 0; k < 784; k++) {
        int r = k / 28;
        int col = k % 28;
        boolean on = r >= r0 && r < r0 + 7 && col >= c0 && col < c0 + 7;
        px[i * 784 + k] = (byte) (on ? 200 + rng.nextInt(56) : rng.nextInt(40));
      }
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"))) {
      IdxWriter.writeImages(o, new ImageSet(n, 28, 28, 1, px));
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
      IdxWriter.writeLabels(o, new LabelSet(n, labels));
    }
  }
}
