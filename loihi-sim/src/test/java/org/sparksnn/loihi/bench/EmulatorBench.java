package org.sparksnn.loihi.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.emulator.HostSpikes;
import org.sparksnn.loihi.emulator.LoihiEmulator;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.Conv2D;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

/**
 * Micro benchmark (not a unit test): emulated image-steps/s of 784-h-10 loihi-relu, 30 steps,
 * batch 64, ~10 % input spike probability, one thread. After {@code mvn -o -pl loihi-sim install}:
 *
 * <pre>
 * java -cp loihi-sim/target/classes:loihi-sim/target/test-classes:&lt;spark-snn-ops jar&gt;:\
 *     &lt;slf4j-api jar&gt;:&lt;slf4j-nop jar&gt; org.sparksnn.loihi.bench.EmulatorBench
 * </pre>
 */
public final class EmulatorBench {
  private EmulatorBench() {}

  public static void main(String[] args) {
    for (int hidden : new int[] {100, 1000}) {
      run(hidden);
    }
    runConv();
  }

  /**
   * The on-chip part of the "Keras to Loihi" notebook network (28×28×3 spiking inputs → conv 32
   * 3×3/2 → conv 64 3×3/2 → dense 100, block shapes (16,16,4), (8,8,16), (50,)), same input
   * statistics.
   */
  private static void runConv() {
    SplittableRandom rng = new SplittableRandom(42);
    Conv2D c0 = Conv2D.valid(new int[] {28, 28, 3}, kernel(rng, 3, 3, 32, 0.3), 2, 2);
    Conv2D c1 = Conv2D.valid(new int[] {13, 13, 32}, kernel(rng, 3, 32, 64, 0.1), 2, 2);
    NeuronSpec relu = NeuronSpec.relu();
    LoihiLayer d = LoihiLayer.dense("dense0", relu, rand(rng, 100, 2304, 0.05), new double[100])
        .withBlockShape(50);
    LoihiNetwork net = new LoihiNetwork(2352, 1, 0.001, List.of(
        LoihiLayer.conv("conv0", relu, 1, 1, new double[5408], 0, c0, new int[] {16, 16, 4}),
        LoihiLayer.conv("conv1", relu, 1, 1, new double[2304], 0, c1, new int[] {8, 8, 16}),
        d));
    var mapping = CoreMapper.map(net, ChipLimits.loihi());
    List<DiscretizedLayer> dl = Discretizer.discretize(ChipBuilder.build(net), mapping);
    measure("2352-conv32-conv64-100 (notebook)", LoihiEmulator.fixed(dl, 2352, Strictness.WARN),
        rng, 2352, 20);
  }

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

  private static void run(int hidden) {
    SplittableRandom rng = new SplittableRandom(42);
    LoihiLayer l1 = LoihiLayer.dense("h", NeuronSpec.relu(), rand(rng, hidden, 784, 0.05),
        new double[hidden]);
    if (hidden > 143) {
      l1 = l1.withBlockShape(125);
    }
    LoihiLayer l2 = LoihiLayer.dense("o", NeuronSpec.relu(), rand(rng, 10, hidden, 0.1),
        new double[10]);
    LoihiNetwork net = new LoihiNetwork(784, 1, 0.001, List.of(l1, l2));
    var mapping = CoreMapper.map(net, ChipLimits.loihi());
    List<DiscretizedLayer> d = Discretizer.discretize(ChipBuilder.build(net), mapping);
    LoihiEmulator emu = LoihiEmulator.fixed(d, 784, Strictness.WARN);
    measure("784-" + hidden + "-10 loihi-relu", emu, rng, 784, hidden > 500 ? 40 : 200);
  }

  private static void measure(String what, LoihiEmulator emu, SplittableRandom rng, int inputs,
      int reps) {
    int steps = 30;
    int batch = 64;
    int[][][] in = new int[steps][batch][];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
          if (rng.nextDouble() < 0.1) {
            a.add(i);
          }
        }
        in[t][b] = a.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    HostSpikes host = HostSpikes.of(in);
    long spikes = 0;
    for (int i = 0; i < 20; i++) {
      spikes += emu.run(host, batch, steps, false).totalSpikes(0);
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      spikes += emu.run(host, batch, steps, false).totalSpikes(0);
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    double work = (double) reps * batch * steps;
    // per CPU-second: the rate on an idle core, robust when other processes share the machine
    System.out.printf(Locale.ROOT, "%s: %.0f image-steps/s (%.0f per CPU-second; %d reps, %.2f s,"
        + " checksum %d)%n", what, work / sec, work / cpu, reps, sec, spikes);
  }

  private static double[][] rand(SplittableRandom rng, int rows, int cols, double s) {
    double[][] w = new double[rows][cols];
    for (double[] r : w) {
      for (int i = 0; i < cols; i++) {
        r[i] = rng.nextDouble(-s, s);
      }
    }
    return w;
  }
}
