package org.sparksnn.pipeline.stage;

import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.encoders.LatencyEncoder;
import org.sparksnn.encoders.PoissonEncoder;
import org.sparksnn.encoders.RateEncoder;
import org.sparksnn.encoders.RegularEncoder;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.encoders.SpikeTrain;
import org.sparksnn.encoders.TimeTileEncoder;

/** Builds the domain encoder for an {@link Encoding} and maps its output to table columns. */
public final class SpikeEncoders {
  private SpikeEncoders() {}

  /**
   * The encoder of {@code kind}; parameters a kind does not use are ignored.
   *
   * @param dt time step, s (poisson)
   * @param maxRateHz rate at intensity 1, Hz (poisson)
   * @param maxSpikes spikes at intensity 1 (rate, regular)
   * @param threshold silent at or below this intensity (latency)
   * @param seed keyed-random seed (rate, poisson)
   */
  public static SpikeEncoder create(
      Encoding kind,
      int steps,
      double dt,
      double maxRateHz,
      double maxSpikes,
      double threshold,
      long seed) {
    return switch (kind) {
      case TIME_TILE -> new TimeTileEncoder(steps);
      case RATE -> new RateEncoder(steps, maxSpikes, seed);
      case POISSON -> new PoissonEncoder(steps, maxRateHz, dt, seed);
      case REGULAR -> new RegularEncoder(steps, maxSpikes);
      case LATENCY -> new LatencyEncoder(steps, threshold);
    };
  }

  /** {@code [spikes, values]} column bytes of one image; the unused one is null. */
  static byte[][] encodeColumns(SpikeEncoder encoder, long id, float[] intensities) {
    EncodedInput e = encoder.encode(id, intensities);
    return e instanceof SpikeTrain
        ? new byte[][] {e.toBytes(), null}
        : new byte[][] {null, e.toBytes()};
  }
}
