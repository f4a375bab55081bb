package org.sparksnn.loihi.emulator;

/**
 * Spikes sent by the off-chip input layer: for host step {@code step} and input stream {@code
 * stream}, the indices of the input neurons that spiked (at least once), ascending. The emulator
 * delivers host step {@code s} to the chip at step {@code s + 1}.
 */
@FunctionalInterface
public interface HostSpikes {
  /**
   * Writes the active input indices of ({@code step}, {@code stream}) into {@code out} (ascending)
   * and returns how many there are; {@code out} has room for every input neuron.
   */
  int spikes(int step, int stream, int[] out);

  /** Host spikes from a precomputed {@code [step][stream][k]} array of active indices. */
  static HostSpikes of(int[][][] active) {
    return (step, stream, out) -> {
      int[] a = active[step][stream];
      System.arraycopy(a, 0, out, 0, a.length);
      return a.length;
    };
  }

  /** Host spikes from a {@code [step][stream][neuron]} boolean raster. */
  static HostSpikes ofRaster(boolean[][][] raster) {
    return (step, stream, out) -> {
      boolean[] r = raster[step][stream];
      int k = 0;
      for (int i = 0; i < r.length; i++) {
        if (r[i]) {
          out[k++] = i;
        }
      }
      return k;
    };
  }
}
