package org.sparksnn.pipeline.data;

import java.util.Map;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.net.InputSource;

/**
 * A network input that encodes images on the fly: step {@code t} of sample {@code id} is {@code
 * encoder.fillStep(id, intensities(id), t, …)}. Nothing is materialized over time; a time-tile
 * encoder makes the input time-invariant (the first layer's current is then computed once per
 * sample).
 */
public final class EncoderInput implements InputSource {
  private final SpikeEncoder encoder;
  private final Map<Long, float[]> intensities;
  private final int size;

  /**
   * @param encoder the encoder (use {@link SpikeEncoder#forEpoch} for a training epoch)
   * @param intensities intensities in [0, 1] per sample id, all of length {@code size}
   * @param size inputs per sample
   */
  public EncoderInput(SpikeEncoder encoder, Map<Long, float[]> intensities, int size) {
    this.encoder = encoder;
    this.intensities = intensities;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean timeInvariant() {
    return !encoder.binary();
  }

  @Override
  public void fill(long[] sampleIds, int step, float[] out) {
    for (int b = 0; b < sampleIds.length; b++) {
      float[] p = intensities.get(sampleIds[b]);
      if (p == null) {
        throw new IllegalArgumentException("EncoderInput: no image for sample id " + sampleIds[b]);
      }
      encoder.fillStep(sampleIds[b], p, step, out, b * size);
    }
  }
}
