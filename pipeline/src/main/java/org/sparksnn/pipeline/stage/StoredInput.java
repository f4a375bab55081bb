package org.sparksnn.pipeline.stage;

import java.util.Map;
import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.encoders.TiledIntensities;
import org.sparksnn.ops.net.InputSource;

/**
 * A network input read from already encoded rows (the encoded table): step {@code t} of sample
 * {@code id} is {@code inputs.get(id).fillStep(t, …)}. Time-invariant when every row holds tiled
 * intensities.
 */
final class StoredInput implements InputSource {
  private final Map<Long, EncodedInput> inputs;
  private final int size;
  private final boolean timeInvariant;

  /**
   * @param inputs the encoded rows by sample id, each of {@code size} inputs
   * @param size inputs per sample
   */
  StoredInput(Map<Long, EncodedInput> inputs, int size) {
    this.inputs = inputs;
    this.size = size;
    this.timeInvariant = inputs.values().stream().allMatch(e -> e instanceof TiledIntensities);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean timeInvariant() {
    return timeInvariant;
  }

  @Override
  public void fill(long[] sampleIds, int step, float[] out) {
    for (int b = 0; b < sampleIds.length; b++) {
      EncodedInput e = inputs.get(sampleIds[b]);
      if (e == null) {
        throw new IllegalArgumentException("StoredInput: no encoded row for sample id " + sampleIds[b]);
      }
      e.fillStep(step, out, b * size);
    }
  }
}
