package org.sparksnn.loihi.bench;

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
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

/**
 * Micro benchmark (not a unit test): emulated image-steps/s of 784-h-10 loihi-relu, 30 steps,
 * batch 64, ~10 % input spike probability, one thread. Run with {@code java -cp ... EmulatorBench}.
 */
public final class EmulatorBench {
  private EmulatorBench() {}

  public static void main(String[] args) {
    for (int hidden : new int[] {100, 1000}) {
      run(hidden);
    }
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
    int steps = 30;
    int batch = 64;
    int[][][] in = new int[steps][batch][];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < 784; i++) {
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
    int reps = hidden > 500 ? 40 : 200;
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      spikes += emu.run(host, batch, steps, false).totalSpikes(0);
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    double rate = (double) reps * batch * steps / sec;
    System.out.printf(Locale.ROOT, "784-%d-10 loihi-relu: %.0f image-steps/s (%d reps, %.2f s,"
        + " checksum %d)%n", hidden, rate, reps, sec, spikes);
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
