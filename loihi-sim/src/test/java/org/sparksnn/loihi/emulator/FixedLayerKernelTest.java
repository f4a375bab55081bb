package org.sparksnn.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronKind;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.ops.SimulationException;

/**
 * The optimized integer kernel (compact mantissa rows, chunked short accumulation, branch-free
 * decay) equals the straightforward {@link ReferenceFixedKernel} bit for bit: spikes, u and v of
 * every step, overflow warnings and overflow errors, on random networks.
 */
class FixedLayerKernelTest {

  private static LoihiEmulator optimized(List<DiscretizedLayer> d, int in, Strictness s) {
    return LoihiEmulator.fixed(d, in, s);
  }

  private static LoihiEmulator reference(List<DiscretizedLayer> d, int in, Strictness s) {
    List<LayerKernel> k = new ArrayList<>();
    for (DiscretizedLayer l : d) {
      k.add(new ReferenceFixedKernel(l, s));
    }
    return LoihiEmulator.ofKernels(Backend.EMULATOR_FIXED, in, k);
  }

  private static HostSpikes randomInput(long seed, int inputs, double p) {
    return (step, stream, out) -> {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + step * 1009L + stream);
      int k = 0;
      for (int i = 0; i < inputs; i++) {
        if (r.nextDouble() < p) {
          out[k++] = i;
        }
      }
      return k;
    };
  }

  private static void assertSameRuns(EmulatorRun a, EmulatorRun b, String what) {
    assertEquals(a.overflowWarnings(), b.overflowWarnings(), what + " warnings");
    for (int k = 0; k < a.layers().size(); k++) {
      assertEquals(a.spikesDelivered(k), b.spikesDelivered(k), what + " delivered " + k);
      for (int t = 0; t < a.steps(); t++) {
        for (int s = 0; s < a.batch(); s++) {
          for (int j = 0; j < a.layerSize(k); j++) {
            assertEquals(a.spiked(k, t, s, j), b.spiked(k, t, s, j),
                what + " layer " + k + " step " + t + " stream " + s + " neuron " + j);
          }
        }
      }
    }
  }

  @Test
  void columnShiftsKeepEveryWeightExact() {
    SplittableRandom r = new SplittableRandom(7);
    int nPre = 30;
    int n = 20;
    int[] w = new int[nPre * n];
    for (int i = 0; i < w.length; i++) {
      int col = i % n;
      w[i] = col == 3 ? 0 : r.nextInt(-127, 128) << (col % 9);
    }
    w[5] = Integer.MIN_VALUE;
    int[] s = FixedLayerKernel.columnShifts(w, nPre, n);
    for (int i = 0; i < w.length; i++) {
      int sh = s[i % n];
      assertEquals(w[i], (w[i] >> sh) << sh, "weight " + i);
    }
    assertEquals(31, s[3], "an all-zero column");
    assertTrue(s[8] >= 8, "column 8 is shifted by 8: " + s[8]);
  }

  @Test
  void matchesReferenceOnRandomDiscretizedNetworks() {
    SplittableRandom r = new SplittableRandom(11);
    int uniform = 0;
    int general = 0;
    for (int trial = 0; trial < 12; trial++) {
      int in = 5 + r.nextInt(60);
      int h = 3 + r.nextInt(80);
      int o = 2 + r.nextInt(12);
      NeuronSpec n1 =
          r.nextBoolean() ? NeuronSpec.relu() : NeuronSpec.lif(0.02, 0.002 * r.nextInt(3));
      NeuronSpec n2 = r.nextBoolean() ? NeuronSpec.relu() : NeuronSpec.lif(0.05, 0.001);
      double tau1 = r.nextBoolean() ? 0 : 0.005;
      double tau2 = r.nextBoolean() ? 0 : 0.02;
      double scale = n1.kind() == NeuronKind.LOIHI_RELU ? 1.0 : 0.01;
      LoihiLayer l1 = new LoihiLayer("h", n1, 0.5 + r.nextDouble(), ones(h),
          randVec(r, h, 30 * scale), tau1, rand(r, h, in, scale), h > 20 ? new int[] {h / 3 + 1}
              : null, null);
      LoihiLayer l2 = new LoihiLayer("o", n2, 1.0, ones(o), randVec(r, o, 5 * scale), tau2,
          rand(r, o, h, 0.5 * scale), null, null);
      LoihiNetwork net = new LoihiNetwork(in, 1 + r.nextDouble(), 0.001, List.of(l1, l2));
      List<DiscretizedLayer> d =
          Discretizer.discretize(ChipBuilder.build(net), CoreMapper.map(net, ChipLimits.loihi()));
      HostSpikes host = randomInput(trial, in, 0.05 + 0.4 * r.nextDouble());
      int batch = 1 + r.nextInt(4);
      EmulatorRun a = optimized(d, in, Strictness.WARN).run(host, batch, 60, true);
      EmulatorRun b = reference(d, in, Strictness.WARN).run(host, batch, 60, true);
      assertSameRuns(a, b, "trial " + trial);
      StateTrace ta = optimized(d, in, Strictness.WARN).trace(host, 60);
      StateTrace tb = reference(d, in, Strictness.WARN).trace(host, 60);
      assertNull(ta.firstDifference(tb), "trial " + trial);
      for (DiscretizedLayer l : d) {
        if (new FixedLayerKernel(l, Strictness.WARN).isUniform()) {
          uniform++;
        } else {
          general++;
        }
      }
    }
    assertTrue(uniform > 0 && general > 0, "both update paths: " + uniform + ", " + general);
  }

  /** Layers with arbitrary integer parameters, outside what the discretizer produces. */
  private static DiscretizedLayer rawLayer(SplittableRandom r, String name, int nPre, int n,
      int weightKind) {
    int[] vth = new int[n];
    int[] bias = new int[n];
    int[] du = new int[n];
    int[] dv = new int[n];
    int[] ref = new int[n];
    int[] vmin = new int[n];
    int[] vmax = new int[n];
    for (int j = 0; j < n; j++) {
      vth[j] = 64 * (1 + r.nextInt(3000));
      bias[j] = r.nextInt(-3000, 3001) << r.nextInt(8);
      du[j] = r.nextBoolean() ? 4094 : r.nextInt(4096);
      dv[j] = r.nextBoolean() ? 0 : r.nextInt(4096);
      ref[j] = 1 + r.nextInt(4);
      vmin[j] = r.nextBoolean() ? 0 : 1 - (1 << r.nextInt(24));
      vmax[j] = (1 << (9 + 2 * r.nextInt(8))) - 1;
    }
    if (r.nextInt(3) == 0) {
      vmin[0] = vmax[0] + 1; // an unordered clip (vmin > vmax), which the chip never gets
    }
    int[] w = new int[nPre * n];
    for (int i = 0; i < w.length; i++) {
      int col = i % n;
      w[i] = switch (weightKind) {
        case 0 -> (r.nextInt(-127, 128) << (col % 3)) << 6; // as discretized
        case 1 -> r.nextInt(-30000, 30001) << 2; // 15-bit mantissas: short rows, chunk of 1
        default -> r.nextInt(-(1 << 20), 1 << 20); // odd, 21-bit: int rows
      };
      if (col == n - 1) {
        w[i] = 0;
      }
    }
    return new DiscretizedLayer(name, n, nPre, vth, bias, du, dv, ref, vmin, vmax, w, List.of());
  }

  @Test
  void matchesReferenceOnRawLayersIncludingOverflowWarnings() {
    SplittableRandom r = new SplittableRandom(23);
    long warned = 0;
    for (int trial = 0; trial < 18; trial++) {
      int in = 10 + r.nextInt(300);
      int h = 2 + r.nextInt(40);
      int o = 2 + r.nextInt(8);
      List<DiscretizedLayer> d = List.of(rawLayer(r, "a", in, h, trial % 3),
          rawLayer(r, "b", h, o, (trial / 3) % 3));
      HostSpikes host = randomInput(100 + trial, in, 0.02 + 0.9 * r.nextDouble());
      int batch = 1 + r.nextInt(3);
      warned += matchReferenceWithWarnings(d, in, host, batch, "trial " + trial);
    }
    assertTrue(warned > 100, "the random layers must overflow often, got " + warned);
  }

  @Test
  void uniformLayersMatchReferenceAlsoWhenRegistersOverflow() {
    SplittableRandom r = new SplittableRandom(41);
    long warned = 0;
    for (int trial = 0; trial < 16; trial++) {
      int in = 20 + r.nextInt(200);
      int h = 3 + r.nextInt(60);
      List<DiscretizedLayer> d = List.of(uniform(rawLayer(r, "a", in, h, trial % 2), r, trial % 8),
          uniform(rawLayer(r, "b", h, 12, 0), r, 4));
      for (DiscretizedLayer l : d) {
        assertTrue(new FixedLayerKernel(l, Strictness.WARN).isUniform(), "trial " + trial);
      }
      HostSpikes host = randomInput(700 + trial, in, 0.02 + 0.6 * r.nextDouble());
      int batch = 1 + r.nextInt(3);
      warned += matchReferenceWithWarnings(d, in, host, batch, "trial " + trial);
      assertEquals(
          message(() -> reference(d, in, Strictness.FAIL).run(host, batch, 40, false)),
          message(() -> optimized(d, in, Strictness.FAIL).run(host, batch, 40, false)),
          "trial " + trial);
    }
    assertTrue(warned > 50, "some steps must overflow, got " + warned);
  }

  /**
   * Runs the optimized and the reference kernels (overflows warned) for 40 steps: same spikes,
   * warnings and state trace; returns the optimized run's overflow warnings.
   */
  private static long matchReferenceWithWarnings(
      List<DiscretizedLayer> d, int in, HostSpikes host, int batch, String what) {
    EmulatorRun a = optimized(d, in, Strictness.WARN).run(host, batch, 40, true);
    EmulatorRun b = reference(d, in, Strictness.WARN).run(host, batch, 40, true);
    assertSameRuns(a, b, what);
    assertNull(optimized(d, in, Strictness.WARN).trace(host, 40)
        .firstDifference(reference(d, in, Strictness.WARN).trace(host, 40)), what);
    return a.overflowWarnings();
  }

  /**
   * {@code l} with every parameter but the bias shared (taken from a random compartment; a slow
   * current decay, so that currents can overflow) and weight mantissas with a common shift of 6,
   * so that the kernel's uniform update applies; {@code smaller} shifts the mantissas down (small
   * inputs overflow the current over many steps rather than the input register in one).
   */
  private static DiscretizedLayer uniform(DiscretizedLayer l, SplittableRandom r, int smaller) {
    int n = l.n();
    int s = r.nextInt(n);
    int[] w = l.weights().clone();
    for (int i = 0; i < w.length; i++) {
      w[i] = (w[i] >> (4 + smaller)) << 6;
    }
    for (int j = 0; j < n; j++) {
      w[j] = 64 * (2 * r.nextInt(-40, 40) + 1); // every column has an odd mantissa: shift 6
    }
    int lo = Math.min(l.vmin()[s], l.vmax()[s]);
    return new DiscretizedLayer(l.name(), n, l.nPre(), filled(n, l.vth()[s]), l.bias(),
        filled(n, r.nextBoolean() ? 0 : r.nextInt(64)), filled(n, l.decayV()[s]),
        filled(n, l.refractDelay()[s]), filled(n, lo), filled(n, l.vmax()[s]), w, List.of());
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, value);
    return a;
  }

  @Test
  void sparseRowsMatchReferenceForEveryWeightWidth() {
    SplittableRandom r = new SplittableRandom(31);
    for (int kind = 0; kind < 3; kind++) {
      DiscretizedLayer dense = rawLayer(r, "s", 80, 120, kind);
      int[] w = dense.weights();
      for (int i = 0; i < w.length; i++) {
        if (r.nextInt(50) != 0 && (i / 7) % 20 != 0) { // ~7 % nonzero, partly in runs of 7
          w[i] = 0;
        }
      }
      DiscretizedLayer sparse = new DiscretizedLayer("s", 120, 80, dense.vth(), dense.bias(),
          dense.decayU(), dense.decayV(), dense.refractDelay(), dense.vmin(), dense.vmax(), w,
          List.of());
      FixedLayerKernel k = new FixedLayerKernel(sparse, Strictness.WARN);
      assertTrue(k.isSparse(), "kind " + kind + " must use sparse rows");
      assertEquals(kind < 2, k.isNarrow(), "kind " + kind + " row width");
      List<DiscretizedLayer> d = List.of(sparse, rawLayer(r, "o", 120, 5, 0));
      HostSpikes host = randomInput(500 + kind, 80, 0.6);
      EmulatorRun a = optimized(d, 80, Strictness.WARN).run(host, 2, 30, true);
      EmulatorRun b = reference(d, 80, Strictness.WARN).run(host, 2, 30, true);
      assertSameRuns(a, b, "kind " + kind);
      assertTrue(a.totalSpikes(0) > 0, "kind " + kind + " spikes");
      assertNull(optimized(d, 80, Strictness.WARN).trace(host, 30)
          .firstDifference(reference(d, 80, Strictness.WARN).trace(host, 30)), "kind " + kind);
    }
  }

  @Test
  void failsWithTheSameMessageAsReference() {
    SplittableRandom r = new SplittableRandom(5);
    int failures = 0;
    for (int trial = 0; trial < 9; trial++) {
      int in = 50 + r.nextInt(200);
      List<DiscretizedLayer> d = List.of(rawLayer(r, "a", in, 16, trial % 3),
          rawLayer(r, "b", 16, 4, 0));
      HostSpikes host = randomInput(300 + trial, in, 0.9);
      String ma = message(() -> optimized(d, in, Strictness.FAIL).run(host, 2, 30, false));
      String mb = message(() -> reference(d, in, Strictness.FAIL).run(host, 2, 30, false));
      assertEquals(mb, ma, "trial " + trial);
      failures += ma == null ? 0 : 1;
    }
    assertTrue(failures >= 3, "some trials must overflow, got " + failures);
  }

  @Test
  void manyRowsPerStepFlushTheShortAccumulatorExactly() {
    // 2000 simultaneous inputs of mantissa 127 (sum 254000 > 32767) into a no-decay layer
    int in = 2000;
    int[] w = new int[in];
    java.util.Arrays.fill(w, 127 << 6);
    DiscretizedLayer l = new DiscretizedLayer("wide", 1, in, new int[] {64 << 20}, new int[] {0},
        new int[] {4095}, new int[] {0}, new int[] {1}, new int[] {0}, new int[] {(1 << 23) - 1},
        w, List.of());
    HostSpikes all = (step, stream, out) -> {
      for (int i = 0; i < in; i++) {
        out[i] = i;
      }
      return in;
    };
    StateTrace t = optimized(List.of(l), in, Strictness.WARN).trace(all, 3);
    // q = 2000·127·64 = 16,256,000 wraps in 22 bits; the reference agrees step by step
    assertNull(t.firstDifference(reference(List.of(l), in, Strictness.WARN).trace(all, 3)));
    assertTrue(t.run().overflowWarnings() > 0, "q must overflow");
  }

  private static String message(Runnable r) {
    try {
      r.run();
      return null;
    } catch (SimulationException e) {
      return e.getMessage();
    }
  }

  private static double[] ones(int n) {
    double[] x = new double[n];
    java.util.Arrays.fill(x, 1.0);
    return x;
  }

  private static double[] randVec(SplittableRandom r, int n, double s) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(-s, s);
    }
    return x;
  }

  private static double[][] rand(SplittableRandom r, int rows, int cols, double s) {
    double[][] w = new double[rows][cols];
    for (double[] row : w) {
      for (int i = 0; i < cols; i++) {
        row[i] = r.nextDouble(-s, s);
      }
    }
    return w;
  }

  /**
   * Q is a 21-bit signed register (numerics.md, {@link org.sparksnn.loihi.discretize.LoihiInts}):
   * [−2^21, 2^21 − 1]. Two host spikes (delivered at step 1) into four compartments whose summed
   * weights land on each side of both ends: q = 2^21 and q = −2^21 − 64 overflow (counted, and
   * wrapped in 22 bits: 2^21 → −2^21, −2^21 − 64 → 2^21 − 64), q = 2^21 − 64 and q = −2^21 fit.
   * With decay_u 4095 the current is q itself. Once with a column shift per compartment (the
   * general update), once with shift 6 everywhere (the uniform update).
   */
  @Test
  void synapticInputOverflowsExactlyPastTwentyOneBits() {
    int top = 1 << 20;
    int[][] layouts = {
      {top, top, -top, -top, top, top - 64, -top, -top - 64}, // shifts 20, 6, 20, 6
      {16383 << 6, 16383 << 6, -16385 << 6, -16385 << 6,
       16385 << 6, 16383 << 6, -16383 << 6, -16385 << 6} // mantissa sums ±32768 ± 2: shift 6
    };
    int[] expectedCurrent = {-(1 << 21), (1 << 21) - 64, -(1 << 21), (1 << 21) - 64};
    int[] expectedUniform = {-(1 << 21), (1 << 21) - 128, -(1 << 21), (1 << 21) - 128};
    HostSpikes once = (step, stream, out) -> {
      if (step != 0) {
        return 0;
      }
      out[0] = 0;
      out[1] = 1;
      return 2;
    };
    for (int kind = 0; kind < 2; kind++) {
      DiscretizedLayer l = new DiscretizedLayer("edge", 4, 2, filled(4, 64 << 17), filled(4, 0),
          filled(4, 4095), filled(4, 0), filled(4, 1), filled(4, 0), filled(4, 0), layouts[kind],
          List.of());
      assertEquals(kind == 1, new FixedLayerKernel(l, Strictness.WARN).isUniform(), "kind " + kind);
      StateTrace t = optimized(List.of(l), 2, Strictness.WARN).trace(once, 3);
      assertEquals(2, t.run().overflowWarnings(), "kind " + kind);
      int[] expected = kind == 0 ? expectedCurrent : expectedUniform;
      for (int j = 0; j < 4; j++) {
        assertEquals(0.0, t.current(0, 0, j), "kind " + kind + " step 0 compartment " + j);
        assertEquals(expected[j], t.current(0, 1, j), "kind " + kind + " compartment " + j);
        assertEquals(0.0, t.current(0, 2, j), "kind " + kind + " step 2 compartment " + j);
      }
      assertNull(t.firstDifference(reference(List.of(l), 2, Strictness.WARN).trace(once, 3)));
      assertEquals(
          "layer 'edge' step 1 stream 0 compartment 0: q (2097152) overflows 22-bit signed range"
              + " [-2097152, 2097151]",
          message(() -> optimized(List.of(l), 2, Strictness.FAIL).run(once, 1, 3, false)),
          "kind " + kind);
    }
  }
}
