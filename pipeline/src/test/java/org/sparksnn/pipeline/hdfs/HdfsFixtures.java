package org.sparksnn.pipeline.hdfs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * Small inputs for the HDFS tests: an MNIST-shaped IDX dataset (28×28 images, class c lights a
 * 7×7 block at a class-specific place, plus seeded noise) laid out as {@code fetch-data} leaves
 * it, and a 784-16-10 dense network.
 */
public final class HdfsFixtures {
  /** Pixels per image. */
  public static final int INPUTS = 784;

  private HdfsFixtures() {}

  /**
   * Writes the four IDX files of {@code fetch-data} ({@code train-images-idx3-ubyte}, …) into the
   * local directory {@code dir}.
   *
   * @param train training images, {@code >= 1}
   * @param test test images, {@code >= 1}
   */
  public static void writeIdx(java.nio.file.Path dir, int train, int test, long seed) {
    try {
      Files.createDirectories(dir);
      SplittableRandom rng = new SplittableRandom(seed);
      writeSplit(dir, "train", train, rng);
      writeSplit(dir, "t10k", test, rng);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  private static void writeSplit(java.nio.file.Path dir, String prefix, int n, SplittableRandom rng)
      throws IOException {
    byte[] px = new byte[n * INPUTS];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = i % 10;
      labels[i] = (byte) c;
      int r0 = (c / 4) * 9;
      int c0 = (c % 4) * 7;
      for (int k = 0; k < INPUTS; k++) {
        int r = k / 28;
        int col = k % 28;
        boolean on = r >= r0 && r < r0 + 7 && col >= c0 && col < c0 + 7;
        px[i * INPUTS + k] = (byte) (on ? 200 + rng.nextInt(56) : rng.nextInt(40));
      }
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"))) {
      IdxWriter.writeImages(o, new ImageSet(n, 28, 28, 1, px));
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"))) {
      IdxWriter.writeLabels(o, new LabelSet(n, labels));
    }
  }

  /** A 784-16-10 network with {@code neuron} as its activation, dt 0.01 s. */
  public static NetworkSpec spec(String neuron, int steps) {
    return new NetworkSpec(
        new int[] {INPUTS},
        List.of(
            new LayerSpec.Dense("dense0", 16, true),
            LayerSpec.Activation.of("act0", neuron),
            new LayerSpec.Dense("out", 10, true)),
        0.01,
        steps);
  }

  /** Freshly initialized weights of {@code spec}. */
  public static ParameterSet weights(NetworkSpec spec, long seed) {
    return Network.compile(spec, NeuronTypes::create).initParameters(seed);
  }
}
