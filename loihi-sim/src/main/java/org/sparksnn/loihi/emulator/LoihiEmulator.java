package org.sparksnn.loihi.emulator;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.model.BuiltLayer;
import org.sparksnn.ops.Checks;

/**
 * Runs a feed-forward chip network on a batch of independent input streams, in the order of
 * nengo-loihi's emulator step: deliver last step's spikes (host → first layer, layer k−1 → layer
 * k; every spike arrives one step after it was emitted), then update every compartment. The
 * arithmetic comes from the backend: integer ({@link #fixed}) or float32 ({@link #simreal}).
 *
 * <p>Streams share no state, so a stream's result does not depend on the batch it runs in. Not
 * thread-safe: use one emulator per thread. Event-driven: each spike adds one weight row; nothing
 * is allocated per step.
 */
public final class LoihiEmulator {
  private final Backend backend;
  private final int inputSize;
  private final List<LayerKernel> kernels;

  private LoihiEmulator(Backend backend, int inputSize, List<LayerKernel> kernels) {
    this.backend = backend;
    this.inputSize = inputSize;
    this.kernels = kernels;
  }

  /** The integer emulator of a discretized network fed by {@code inputSize} host neurons. */
  public static LoihiEmulator fixed(
      List<DiscretizedLayer> layers, int inputSize, Strictness strictness) {
    Checks.notNull("LoihiEmulator.strictness", strictness);
    List<LayerKernel> k = new ArrayList<>();
    int pre = inputSize;
    for (DiscretizedLayer l : layers) {
      Checks.check(l.nPre() == pre, "LoihiEmulator.layers['" + l.name() + "'].nPre",
          "must be " + pre, l.nPre());
      k.add(new FixedLayerKernel(l, strictness));
      pre = l.n();
    }
    return new LoihiEmulator(Backend.EMULATOR_FIXED, inputSize, k);
  }

  /** The float32 emulator ("simreal") of an undiscretized build. */
  public static LoihiEmulator simreal(List<BuiltLayer> layers, int inputSize) {
    List<LayerKernel> k = new ArrayList<>();
    int pre = inputSize;
    for (BuiltLayer l : layers) {
      Checks.check(l.nPre() == pre, "LoihiEmulator.layers['" + l.name() + "'].nPre",
          "must be " + pre, l.nPre());
      k.add(new FloatLayerKernel(l));
      pre = l.n();
    }
    return new LoihiEmulator(Backend.EMULATOR_FLOAT, inputSize, k);
  }

  /** An emulator over the given kernels (tests use this to run reference kernels). */
  static LoihiEmulator ofKernels(Backend backend, int inputSize, List<LayerKernel> kernels) {
    return new LoihiEmulator(backend, inputSize, List.copyOf(kernels));
  }

  /** The arithmetic this emulator uses. */
  public Backend backend() {
    return backend;
  }

  /**
   * Runs {@code steps} steps of {@code batch} streams from zero state.
   *
   * @param input host spikes; host step s reaches the first layer at step s + 1
   * @param batch number of streams, > 0
   * @param steps number of steps, > 0
   * @param recordRaster keep every layer's per-step spikes (memory steps·batch·n bytes per layer)
   * @return counts, synaptic-op tallies and (optionally) rasters
   * @throws org.sparksnn.ops.SimulationException on overflow with {@link Strictness#FAIL}
   */
  public EmulatorRun run(HostSpikes input, int batch, int steps, boolean recordRaster) {
    Checks.positive("LoihiEmulator.batch", batch);
    Checks.positive("LoihiEmulator.steps", steps);
    boolean[] rec = new boolean[kernels.size()];
    java.util.Arrays.fill(rec, recordRaster);
    return run(input, batch, steps, rec, null);
  }

  /**
   * Runs {@code steps} steps of {@code batch} streams from zero state, keeping the per-step spikes
   * of layer {@code rasterLayer} only (e.g. the last layer, for an {@link
   * org.sparksnn.loihi.readout.OffChipReadout}; memory steps·batch·n bytes).
   *
   * @param input host spikes; host step s reaches the first layer at step s + 1
   * @param batch number of streams, > 0
   * @param steps number of steps, > 0
   * @param rasterLayer on-chip layer index whose raster is kept, 0 ≤ rasterLayer &lt; layers
   */
  public EmulatorRun run(HostSpikes input, int batch, int steps, int rasterLayer) {
    Checks.positive("LoihiEmulator.batch", batch);
    Checks.positive("LoihiEmulator.steps", steps);
    Checks.check(rasterLayer >= 0 && rasterLayer < kernels.size(), "LoihiEmulator.rasterLayer",
        "must be in [0, " + kernels.size() + ")", rasterLayer);
    boolean[] rec = new boolean[kernels.size()];
    rec[rasterLayer] = true;
    return run(input, batch, steps, rec, null);
  }

  /**
   * Runs stream 0 alone for {@code steps} steps from zero state and records every layer's current
   * u and voltage v after each step (for finding where two emulators diverge). Streams share no
   * state, so this is also stream 0's trace within any batch. Memory: {@code 2·steps·Σn} doubles.
   *
   * @param input host spikes (only stream 0 is read)
   * @param steps number of steps, > 0
   */
  public StateTrace trace(HostSpikes input, int steps) {
    Checks.positive("LoihiEmulator.steps", steps);
    List<String> names = new ArrayList<>();
    int[] sizes = new int[kernels.size()];
    for (int k = 0; k < sizes.length; k++) {
      names.add(kernels.get(k).name());
      sizes[k] = kernels.get(k).size();
    }
    StateTrace trace = new StateTrace(names, sizes, steps);
    boolean[] rec = new boolean[kernels.size()];
    java.util.Arrays.fill(rec, true);
    EmulatorRun r = run(input, 1, steps, rec, trace);
    trace.setRun(r);
    return trace;
  }

  private EmulatorRun run(
      HostSpikes input, int batch, int steps, boolean[] record, StateTrace trace) {
    int nl = kernels.size();
    int[] sizes = new int[nl];
    int[][] counts = new int[nl][];
    byte[][] raster = new byte[nl][];
    // spike lists of the previous step: [layer][stream] -> indices, count
    int[][][] prev = new int[nl][batch][];
    int[][] prevCount = new int[nl][batch];
    int[] hostBuf = new int[inputSize];
    int[] scratch;
    int maxN = 0;
    for (int k = 0; k < nl; k++) {
      LayerKernel kern = kernels.get(k);
      kern.reset(batch);
      sizes[k] = kern.size();
      maxN = Math.max(maxN, sizes[k]);
      counts[k] = new int[batch * sizes[k]];
      if (record[k]) {
        long len = (long) steps * batch * sizes[k];
        Checks.check(len < Integer.MAX_VALUE, "LoihiEmulator.raster.length",
            "must be < 2^31", len);
        raster[k] = new byte[(int) len];
      }
      for (int b = 0; b < batch; b++) {
        prev[k][b] = new int[sizes[k]];
      }
    }
    scratch = new int[maxN];
    long[] spikesIn = new long[nl];
    long[] synOps = new long[nl];
    long[] hostCounts = new long[inputSize];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        // last layer first: layer k reads layer k-1's spikes of step t-1 before they are replaced
        for (int k = nl - 1; k >= 0; k--) {
          LayerKernel kern = kernels.get(k);
          kern.clearInput();
          int nIn;
          int[] src;
          if (k == 0) {
            nIn = t == 0 ? 0 : input.spikes(t - 1, b, hostBuf);
            src = hostBuf;
          } else {
            nIn = prevCount[k - 1][b];
            src = prev[k - 1][b];
          }
          for (int i = 0; i < nIn; i++) {
            kern.addRow(src[i]);
          }
          if (k == 0) {
            for (int i = 0; i < nIn; i++) {
              hostCounts[src[i]]++;
            }
          }
          spikesIn[k] += nIn;
          synOps[k] += (long) nIn * sizes[k];
          int ns = kern.update(b, t, scratch);
          System.arraycopy(scratch, 0, prev[k][b], 0, ns);
          prevCount[k][b] = ns;
          int n = sizes[k];
          int[] cnt = counts[k];
          for (int i = 0; i < ns; i++) {
            cnt[b * n + scratch[i]]++;
          }
          if (raster[k] != null) {
            int base = (t * batch + b) * n;
            for (int i = 0; i < ns; i++) {
              raster[k][base + scratch[i]] = 1;
            }
          }
          if (trace != null && b == 0) {
            trace.record(k, t, kern);
          }
        }
      }
    }
    long warnings = 0;
    List<String> names = new ArrayList<>();
    for (LayerKernel kern : kernels) {
      warnings += kern.warnings();
      names.add(kern.name());
    }
    return new EmulatorRun(
        steps, batch, names, sizes, counts, raster, spikesIn, synOps, hostCounts, warnings);
  }
}
