package org.sparksnn.pipeline.sweep;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.TimeTiledInput;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.random.KeyedRandom;
import org.sparksnn.pipeline.data.EncoderInput;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;

/**
 * A tiny 16-8-3 dense network with hand-set weights and a matching dataset: an image of class c has
 * bright pixels in group c (pixels 5c..5c+4) plus seeded noise; hidden units 2c and 2c+1 sum group
 * c, output c sums hidden 2c, 2c+1 and is inhibited by the others.
 */
final class SweepFixtures {
  static final int INPUTS = 16;
  static final int HIDDEN = 8;
  static final int CLASSES = 3;

  private SweepFixtures() {}

  /** The network with {@code neuron} in its activation layer, dt 0.01 s, {@code steps}. */
  static NetworkSpec spec(String neuron, int steps) {
    return new NetworkSpec(
        new int[] {INPUTS},
        List.of(
            new LayerSpec.Dense("dense0", HIDDEN, true),
            LayerSpec.Activation.of("act0", neuron),
            new LayerSpec.Dense("out", CLASSES, true)),
        0.01,
        steps,
        org.sparksnn.ops.net.Readout.LAST_STEP,
        0.0,
        InitialVoltage.uniform(7));
  }

  /**
   * The hand-set weights: hidden currents of about 10–90, so spiking-relu fires 0.1–0.9 per step.
   */
  static ParameterSet weights() {
    float[] k0 = new float[INPUTS * HIDDEN];
    for (int i = 0; i < INPUTS; i++) {
      int group = Math.min(i / 5, CLASSES - 1);
      for (int h = 0; h < HIDDEN; h++) {
        if (h / 2 == group && h < 6) {
          k0[i * HIDDEN + h] = h % 2 == 0 ? 20f : 14f;
        } else if (h >= 6) {
          k0[i * HIDDEN + h] = 3f;
        }
      }
    }
    float[] b0 = {-5f, 0f, -5f, 0f, -5f, 0f, -10f, 1f};
    float[] k1 = new float[HIDDEN * CLASSES];
    for (int h = 0; h < HIDDEN; h++) {
      for (int c = 0; c < CLASSES; c++) {
        k1[h * CLASSES + c] = h < 6 ? (h / 2 == c ? 1f : -0.4f) : 0.05f;
      }
    }
    float[] b1 = {0f, 0.1f, -0.1f};
    return ParameterSet.builder()
        .add("dense0/kernel", new int[] {INPUTS, HIDDEN}, k0)
        .add("dense0/bias", new int[] {HIDDEN}, b0)
        .add("out/kernel", new int[] {HIDDEN, CLASSES}, k1)
        .add("out/bias", new int[] {CLASSES}, b1)
        .build();
  }

  /** {@code n} images (ids from 1000), labels cycling 0, 1, 2, with seeded noise. */
  static EvalImages images(int n) {
    long[] ids = new long[n];
    int[] labels = new int[n];
    byte[] px = new byte[n * INPUTS];
    for (int i = 0; i < n; i++) {
      ids[i] = 1000 + i;
      labels[i] = i % CLASSES;
      for (int k = 0; k < INPUTS; k++) {
        boolean bright = Math.min(k / 5, CLASSES - 1) == labels[i];
        double u = KeyedRandom.uniform(42, i, k, 0);
        // bright pixels 80..255, dark 0..200: noisy enough that some images are misclassified
        int v = bright ? 80 + (int) (u * 176) : (int) (u * 200);
        px[i * INPUTS + k] = (byte) v;
      }
    }
    return new EvalImages(ids, labels, INPUTS, px);
  }

  /** Writes the model with {@code neuron} into a new model directory {@code dir}. */
  static void writeModel(Path dir, String neuron, int steps, Configuration conf) {
    ModelFile file = new ModelFile(1, ArchitectureConfig.of(spec(neuron, steps)), null, null);
    ModelDirectory.write(dir, file, weights(), conf, false);
  }

  /**
   * Independent single-process reference: evaluates {@code spec} on all images with a plain {@link
   * NetworkRunner} in batches of {@code batch} and returns the fraction classified correctly by the
   * spec's readout.
   */
  static double referenceAccuracy(
      NetworkSpec spec, ParameterSet params, EvalImages data, int batch) {
    return referenceAccuracy(spec, params, data, batch, null);
  }

  /**
   * {@link #referenceAccuracy(NetworkSpec, ParameterSet, EvalImages, int)} with the images fed as
   * {@code encoder}'s spikes, as training feeds them ({@code EncoderInput}); null: time-tiled.
   */
  static double referenceAccuracy(
      NetworkSpec spec, ParameterSet params, EvalImages data, int batch, SpikeEncoder encoder) {
    NetworkRunner runner = new NetworkRunner(Network.compile(spec, NeuronTypes::create));
    int classes = runner.network().outputSize();
    int correct = 0;
    java.util.Map<Long, float[]> byId = new java.util.HashMap<>();
    for (int i = 0; i < data.count(); i++) {
      float[] v = new float[data.imageSize()];
      data.intensities(i, v, 0);
      byId.put(data.ids()[i], v);
    }
    for (int from = 0; from < data.count(); from += batch) {
      int to = Math.min(from + batch, data.count());
      long[] ids = java.util.Arrays.copyOfRange(data.ids(), from, to);
      int base = from;
      org.sparksnn.ops.net.InputSource input =
          encoder == null
              ? new TimeTiledInput(data.imageSize(), byId::get)
              : new EncoderInput(encoder, byId, data.imageSize());
      float[] out = runner.evaluate(params, input, ids, null);
      for (int r = 0; r < to - from; r++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (out[r * classes + c] > out[r * classes + best]) {
            best = c;
          }
        }
        if (best == data.labels()[base + r]) {
          correct++;
        }
      }
    }
    return (double) correct / data.count();
  }
}
