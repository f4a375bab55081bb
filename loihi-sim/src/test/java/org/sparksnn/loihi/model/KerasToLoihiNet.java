package org.sparksnn.loihi.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: the on-chip part of NengoDL's "Keras to Loihi" notebook network with random
 * weights. Input: the off-chip 1×1 "to-spikes" conv (3 filters) on 28×28×1 images, i.e. 28×28×3
 * spiking neurons; on chip: conv0 (32 filters, 3×3, stride 2, valid → 13×13×32), conv1 (64
 * filters, 3×3, stride 2, valid → 6×6×64), dense0 (100); the dense 100 → 10 readout is off-chip.
 */
final class KerasToLoihiNet {
  private KerasToLoihiNet() {}

  static double[][][][] kernel(SplittableRandom r, int k, int cin, int cout, double s) {
    double[][][][] w = new double[k][k][cin][cout];
    for (double[][][] a : w) {
      for (double[][] b : a) {
        for (double[] c : b) {
          for (int f = 0; f < cout; f++) {
            c[f] = r.nextDouble(-s, s);
          }
        }
      }
    }
    return w;
  }

  /** The network, with the notebook's block shapes if {@code blockShapes}. */
  static LoihiNetwork build(boolean blockShapes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    NeuronSpec relu = NeuronSpec.relu();
    Conv2D c0 = Conv2D.valid(new int[] {28, 28, 3}, kernel(r, 3, 3, 32, 0.3), 2, 2);
    Conv2D c1 = Conv2D.valid(new int[] {13, 13, 32}, kernel(r, 3, 32, 64, 0.1), 2, 2);
    LoihiLayer conv0 = LoihiLayer.conv("conv0", relu, 0.01, 100, new double[c0.outputSize()],
        0.005, c0, blockShapes ? new int[] {16, 16, 4} : null);
    LoihiLayer conv1 = LoihiLayer.conv("conv1", relu, 0.01, 100, new double[c1.outputSize()],
        0.005, c1, blockShapes ? new int[] {8, 8, 16} : null);
    double[][] w = new double[100][2304];
    for (double[] row : w) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextDouble(-0.05, 0.05);
      }
    }
    double[] gain = new double[100];
    java.util.Arrays.fill(gain, 100);
    LoihiLayer dense0 = new LoihiLayer("dense0", relu, 0.01, gain, new double[100], 0.005, w,
        blockShapes ? new int[] {50} : null, null);
    List<LoihiLayer> layers = new ArrayList<>(List.of(conv0, conv1, dense0));
    return new LoihiNetwork(28 * 28 * 3, 0.01, 0.001, layers);
  }
}
