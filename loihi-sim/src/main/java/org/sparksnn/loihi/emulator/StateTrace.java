package org.sparksnn.loihi.emulator;

import java.util.List;

/**
 * Per-step state of one stream (stream 0) of an emulator run: for every layer, step and
 * compartment the current u and voltage v after the step's update, in the backend's units
 * (integers for {@link Backend#EMULATOR_FIXED}, float32 values for {@link
 * Backend#EMULATOR_FLOAT}; both are exact as doubles), plus the run itself (with its raster).
 * Made by {@link LoihiEmulator#trace}.
 */
public final class StateTrace {
  private final List<String> layers;
  private final int[] sizes;
  private final int steps;
  private final double[][] u;
  private final double[][] v;
  private EmulatorRun run;

  StateTrace(List<String> layers, int[] sizes, int steps) {
    this.layers = List.copyOf(layers);
    this.sizes = sizes.clone();
    this.steps = steps;
    this.u = new double[sizes.length][];
    this.v = new double[sizes.length][];
    for (int k = 0; k < sizes.length; k++) {
      u[k] = new double[steps * sizes[k]];
      v[k] = new double[steps * sizes[k]];
    }
  }

  void record(int k, int t, LayerKernel kern) {
    int n = sizes[k];
    for (int j = 0; j < n; j++) {
      u[k][t * n + j] = kern.current(0, j);
      v[k][t * n + j] = kern.voltage(0, j);
    }
  }

  void setRun(EmulatorRun r) {
    this.run = r;
  }

  /** Layer names, in order. */
  public List<String> layers() {
    return layers;
  }

  /** Number of steps traced. */
  public int steps() {
    return steps;
  }

  /** Current u of compartment {@code j} of layer {@code k} after step {@code t} (0-based). */
  public double current(int k, int t, int j) {
    return u[k][t * sizes[k] + j];
  }

  /** Voltage v of compartment {@code j} of layer {@code k} after step {@code t} (0-based). */
  public double voltage(int k, int t, int j) {
    return v[k][t * sizes[k] + j];
  }

  /** The traced run (batch 1, raster recorded). */
  public EmulatorRun run() {
    return run;
  }

  /**
   * The first (step, layer, compartment) at which this trace and {@code other} differ in u, v or
   * spike, as {@code "step t layer 'name' compartment j: u a vs b, v c vs d"}, or null if they
   * agree over the shorter of the two.
   */
  public String firstDifference(StateTrace other) {
    int ts = Math.min(steps, other.steps);
    for (int t = 0; t < ts; t++) {
      for (int k = 0; k < sizes.length && k < other.sizes.length; k++) {
        for (int j = 0; j < Math.min(sizes[k], other.sizes[k]); j++) {
          double ua = current(k, t, j);
          double ub = other.current(k, t, j);
          double va = voltage(k, t, j);
          double vb = other.voltage(k, t, j);
          boolean sa = run.spiked(k, t, 0, j);
          boolean sb = other.run.spiked(k, t, 0, j);
          if (ua != ub || va != vb || sa != sb) {
            return String.format(
                "step %d layer '%s' compartment %d: u %s vs %s, v %s vs %s, spike %b vs %b",
                t, layers.get(k), j, ua, ub, va, vb, sa, sb);
          }
        }
      }
    }
    return null;
  }
}
