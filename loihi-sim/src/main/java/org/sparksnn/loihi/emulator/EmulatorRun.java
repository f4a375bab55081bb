package org.sparksnn.loihi.emulator;

import java.util.List;

/**
 * The outputs of one emulator run of {@code batch} streams over {@code steps} steps: per layer the
 * spike counts per (stream, neuron), the synaptic events delivered into the layer, and optionally
 * the full spike raster.
 */
public final class EmulatorRun {
  private final int steps;
  private final int batch;
  private final List<String> layers;
  private final int[] sizes;
  private final int[][] counts;
  private final byte[][] raster;
  private final long[] spikesIn;
  private final long[] synOps;
  private final long[] hostCounts;
  private final long warnings;

  EmulatorRun(
      int steps,
      int batch,
      List<String> layers,
      int[] sizes,
      int[][] counts,
      byte[][] raster,
      long[] spikesIn,
      long[] synOps,
      long[] hostCounts,
      long warnings) {
    this.steps = steps;
    this.batch = batch;
    this.layers = List.copyOf(layers);
    this.sizes = sizes;
    this.counts = counts;
    this.raster = raster;
    this.spikesIn = spikesIn;
    this.synOps = synOps;
    this.hostCounts = hostCounts;
    this.warnings = warnings;
  }

  /** Number of steps run. */
  public int steps() {
    return steps;
  }

  /** Number of streams. */
  public int batch() {
    return batch;
  }

  /** Layer names, in order. */
  public List<String> layers() {
    return layers;
  }

  /** Number of neurons of layer {@code k}. */
  public int layerSize(int k) {
    return sizes[k];
  }

  /** Spikes of neuron {@code j} of layer {@code k} in stream {@code b} over the run. */
  public int spikeCount(int k, int b, int j) {
    return counts[k][b * sizes[k] + j];
  }

  /** Total spikes of layer {@code k} over all streams and steps. */
  public long totalSpikes(int k) {
    long s = 0;
    for (int c : counts[k]) {
      s += c;
    }
    return s;
  }

  /** True if the raster of every layer was recorded. */
  public boolean hasRaster() {
    for (byte[] r : raster) {
      if (r == null) {
        return false;
      }
    }
    return true;
  }

  /** True if the raster of layer {@code k} was recorded. */
  public boolean hasRaster(int k) {
    return raster[k] != null;
  }

  /**
   * True if neuron {@code j} of layer {@code k} spiked at step {@code t} (0-based) of stream
   * {@code b}; needs the raster.
   */
  public boolean spiked(int k, int t, int b, int j) {
    if (raster[k] == null) {
      throw new IllegalStateException(
          "EmulatorRun: raster of layer " + k + " not recorded (recordRaster = false)");
    }
    return raster[k][(t * batch + b) * sizes[k] + j] != 0;
  }

  /** Presynaptic spikes delivered into layer {@code k} (host spikes for k = 0) over the run. */
  public long spikesDelivered(int k) {
    return spikesIn[k];
  }

  /**
   * Spikes of host input neuron {@code i} delivered to the chip over the run, summed over streams
   * (host spikes of the last step are never delivered).
   */
  public long inputSpikeCount(int i) {
    return hostCounts[i];
  }

  /**
   * Synaptic operations of layer {@code k} counted densely: delivered spikes × the layer's
   * compartments. For a conv layer each spike reaches only its kernel fan-out; {@link
   * org.sparksnn.loihi.report.EnergyEstimate#of} counts that from the spike counts instead.
   */
  public long synapticOps(int k) {
    return synOps[k];
  }

  /** Overflow warnings counted (WARN mode), summed over layers. */
  public long overflowWarnings() {
    return warnings;
  }
}
