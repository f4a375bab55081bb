package org.sparksnn.encoders.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.sparksnn.encoders.RateEncoder;
import org.sparksnn.encoders.SpikeTrain;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Single-thread throughput of rate encoding: 60,000 random 28×28 images (uniform random bytes), 30
 * steps, maxSpikes 10, seed 1.
 *
 * <p>Modes, each timed over all images after a warm-up pass, best of {@code reps} rounds (the modes
 * alternate within a round, so background load hits them alike):
 *
 * <ul>
 *   <li>{@code encode}: {@link RateEncoder#encode} into a bit-packed {@link SpikeTrain} (row-keyed
 *       hashing, one mix per input);
 *   <li>{@code fillStep}: {@link RateEncoder#fillStep} for every step into a float row (the
 *       trainer's path);
 *   <li>{@code baseline}: the naive element loop {@code KeyedRandom.uniform(seed, id, t, i) < q}
 *       (four mixes per input) writing bits, the reference that the other two must equal.
 * </ul>
 *
 * <p>Run: {@code java -cp encoders/target/test-classes:encoders/target/classes:<spark-snn-ops jar>
 * org.sparksnn.encoders.bench.RateEncoderBench [images] [reps]}.
 */
public final class RateEncoderBench {
  private static final int SIDE = 28;
  private static final int STEPS = 30;
  private static final double MAX_SPIKES = 10;
  private static final long SEED = 1;

  private RateEncoderBench() {}

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int n = SIDE * SIDE;
    float[][] x = new float[images][n];
    SplittableRandom rng = new SplittableRandom(42);
    for (float[] img : x) {
      for (int i = 0; i < n; i++) {
        img[i] = rng.nextInt(256) / 255f;
      }
    }
    RateEncoder enc = new RateEncoder(STEPS, MAX_SPIKES, SEED);
    Mode[] modes = {
      new Mode("encode", (id, p) -> enc.encode(id, p).totalSpikes()),
      new Mode("fillStep", fillStep(enc, n)),
      new Mode("baseline", RateEncoderBench::baseline)
    };
    long[] spikes = new long[modes.length];
    for (int m = 0; m < modes.length; m++) {
      spikes[m] = run(modes[m], x, Math.min(images, 5_000)); // warm-up
    }
    System.out.printf(
        Locale.ROOT,
        "rate encoding, %d images of %dx%d, %d steps, maxSpikes %.0f, 1 thread, best of %d%n",
        images,
        SIDE,
        SIDE,
        STEPS,
        MAX_SPIKES,
        reps);
    long[] best = new long[modes.length];
    long[] bestCpu = new long[modes.length];
    Arrays.fill(best, Long.MAX_VALUE);
    Arrays.fill(bestCpu, Long.MAX_VALUE);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < reps; r++) {
      for (int m = 0; m < modes.length; m++) { // round robin: every mode sees the same load
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        spikes[m] = run(modes[m], x, images);
        best[m] = Math.min(best[m], System.nanoTime() - t0);
        bestCpu[m] = Math.min(bestCpu[m], mx.getCurrentThreadCpuTime() - c0);
      }
    }
    for (int m = 0; m < modes.length; m++) {
      double s = bestCpu[m] / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-9s cpu %7.3f s (wall %7.3f s)  %8.0f images/s  %6.1f Mspikes/s  %5.2f ns/draw"
              + "  spikes %d%n",
          modes[m].name,
          s,
          best[m] / 1e9,
          images / s,
          spikes[m] / s / 1e6,
          bestCpu[m] / ((double) images * n * STEPS),
          spikes[m]);
    }
    if (Arrays.stream(spikes).distinct().count() != 1) {
      throw new IllegalStateException("modes disagree: " + Arrays.toString(spikes));
    }
  }

  private interface Encode {
    long spikes(long id, float[] p);
  }

  private record Mode(String name, Encode encode) {}

  private static long run(Mode mode, float[][] x, int images) {
    long total = 0;
    for (int id = 0; id < images; id++) {
      total += mode.encode.spikes(id, x[id]);
    }
    return total;
  }

  private static Encode fillStep(RateEncoder enc, int n) {
    float[] row = new float[n];
    return (id, p) -> {
      long s = 0;
      for (int t = 0; t < STEPS; t++) {
        enc.fillStep(id, p, t, row, 0);
        float rowSum = 0; // exact: at most 784 ones
        for (float v : row) {
          rowSum += v;
        }
        s += (long) rowSum;
      }
      return s;
    };
  }

  private static long baseline(long id, float[] p) {
    int n = p.length;
    byte[] bits = new byte[(STEPS * n + 7) / 8];
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < n; i++) {
        if (KeyedRandom.uniform(SEED, id, t, i) < p[i] * MAX_SPIKES / STEPS) {
          int k = t * n + i;
          bits[k >>> 3] |= (byte) (1 << (k & 7));
        }
      }
    }
    return SpikeTrain.fromBytes(bits, STEPS, n).totalSpikes();
  }
}
