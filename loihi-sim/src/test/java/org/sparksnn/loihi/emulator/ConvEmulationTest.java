package org.sparksnn.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.Conv2D;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.loihi.model.Padding;
import org.sparksnn.loihi.report.EnergyEstimate;

/**
 * A conv layer emulates exactly like the dense layer holding its expanded weights (same cores,
 * same discretization), and the sparse kernel path equals the reference kernel.
 */
class ConvEmulationTest {

  private static double[][][][] kernel(SplittableRandom r, int k, int cin, int cout, double s) {
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

  private static List<DiscretizedLayer> discretize(LoihiNetwork net) {
    return Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi()));
  }

  private static HostSpikes input(long seed, int n, double p) {
    return (step, stream, out) -> {
      SplittableRandom r = new SplittableRandom(seed + 7919L * step + 104_729L * stream);
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (r.nextDouble() < p) {
          out[k++] = i;
        }
      }
      return k;
    };
  }

  @Test
  void convLayerEqualsItsDenseExpansionAndTheReferenceKernel() {
    SplittableRandom r = new SplittableRandom(17);
    for (Padding pad : Padding.values()) {
      Conv2D conv = new Conv2D(new int[] {12, 12, 2}, kernel(r, 3, 2, 8, 0.4), new int[] {1, 1},
          pad);
      int n = conv.outputSize();
      double[] bias = new double[n];
      for (int j = 0; j < n; j++) {
        bias[j] = r.nextDouble(-20, 40);
      }
      int[] block = {5, 5, 8};
      LoihiLayer c = LoihiLayer.conv("c", NeuronSpec.relu(), 1.0, 2.0, bias, 0.004, conv, block);
      double[] gain = new double[n];
      Arrays.fill(gain, 2.0);
      LoihiLayer d = new LoihiLayer("c", NeuronSpec.relu(), 1.0, gain, bias, 0.004, c.weights(),
          block, conv.outputShape());
      double[][] w2 = new double[10][n];
      for (double[] row : w2) {
        for (int i = 0; i < n; i++) {
          row[i] = r.nextDouble(-0.2, 0.2);
        }
      }
      LoihiLayer out = LoihiLayer.dense("o", NeuronSpec.lif(0.02, 0.001), w2, new double[10]);
      LoihiNetwork convNet = new LoihiNetwork(288, 1.0, 0.001, List.of(c, out));
      LoihiNetwork denseNet = new LoihiNetwork(288, 1.0, 0.001, List.of(d, out));
      List<DiscretizedLayer> dc = discretize(convNet);
      List<DiscretizedLayer> dd = discretize(denseNet);
      assertTrue(Arrays.equals(dc.get(0).weights(), dd.get(0).weights()), pad + " weights");
      HostSpikes in = input(pad.ordinal(), 288, 0.15);
      EmulatorRun a = LoihiEmulator.fixed(dc, 288, Strictness.WARN).run(in, 3, 40, true);
      EmulatorRun b = LoihiEmulator.fixed(dd, 288, Strictness.WARN).run(in, 3, 40, true);
      List<LayerKernel> ref = new ArrayList<>();
      for (DiscretizedLayer l : dc) {
        ref.add(new ReferenceFixedKernel(l, Strictness.WARN));
      }
      EmulatorRun rr = LoihiEmulator.ofKernels(Backend.EMULATOR_FIXED, 288, ref)
          .run(in, 3, 40, true);
      assertTrue(a.totalSpikes(0) > 100, pad + " conv spikes " + a.totalSpikes(0));
      for (int k = 0; k < 2; k++) {
        for (int t = 0; t < 40; t++) {
          for (int s = 0; s < 3; s++) {
            for (int j = 0; j < a.layerSize(k); j++) {
              assertEquals(b.spiked(k, t, s, j), a.spiked(k, t, s, j), pad + " dense " + k);
              assertEquals(rr.spiked(k, t, s, j), a.spiked(k, t, s, j), pad + " reference " + k);
            }
          }
        }
      }
      assertEquals(rr.overflowWarnings(), a.overflowWarnings());
      long host = 0;
      long synOps = 0;
      for (int i = 0; i < 288; i++) {
        host += a.inputSpikeCount(i);
        synOps += a.inputSpikeCount(i) * conv.fanOut(i);
      }
      assertEquals(a.spikesDelivered(0), host);
      EnergyEstimate e = EnergyEstimate.of(convNet, a);
      double outOps = (double) a.synapticOps(1) / 3;
      assertEquals((double) synOps / 3 + outOps, e.loihiSynOps(), 1e-6);
      assertEquals((conv.connections() + 10L * n) * 40, e.denseSynOps());
    }
  }

  @Test
  void notebookNetworkRunsOnTheEmulatorAsTheReferenceDoes() {
    SplittableRandom r = new SplittableRandom(5);
    Conv2D c0 = Conv2D.valid(new int[] {28, 28, 3}, kernel(r, 3, 3, 32, 0.3), 2, 2);
    Conv2D c1 = Conv2D.valid(new int[] {13, 13, 32}, kernel(r, 3, 32, 64, 0.05), 2, 2);
    NeuronSpec relu = NeuronSpec.relu();
    double[][] w = new double[100][2304];
    for (double[] row : w) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextDouble(-0.05, 0.05);
      }
    }
    double[] gain = new double[100];
    Arrays.fill(gain, 100);
    LoihiNetwork net = new LoihiNetwork(2352, 0.01, 0.001, List.of(
        LoihiLayer.conv("conv0", relu, 0.01, 100, new double[5408], 0.005, c0,
            new int[] {16, 16, 4}),
        LoihiLayer.conv("conv1", relu, 0.01, 100, filled(2304, 150), 0.005, c1,
            new int[] {8, 8, 16}),
        new LoihiLayer("dense0", relu, 0.01, gain, filled(100, 150), 0.005, w, new int[] {50},
            null)));
    List<DiscretizedLayer> d = discretize(net);
    HostSpikes in = input(99, 2352, 0.2);
    StateTrace fast = LoihiEmulator.fixed(d, 2352, Strictness.WARN).trace(in, 12);
    List<LayerKernel> ref = new ArrayList<>();
    for (DiscretizedLayer l : d) {
      ref.add(new ReferenceFixedKernel(l, Strictness.WARN));
    }
    StateTrace slow = LoihiEmulator.ofKernels(Backend.EMULATOR_FIXED, 2352, ref).trace(in, 12);
    assertNull(fast.firstDifference(slow));
    for (int k = 0; k < 3; k++) {
      assertTrue(fast.run().totalSpikes(k) > 0, "layer " + k + " spikes");
    }
  }

  private static double[] filled(int n, double v) {
    double[] x = new double[n];
    Arrays.fill(x, v);
    return x;
  }
}
