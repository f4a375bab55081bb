package org.sparksnn.ops.net;

import java.util.function.LongFunction;
import org.sparksnn.ops.Checks;

/**
 * Time-tiled input: the intensities of a sample are the input current at every step. Tiling is
 * virtual ({@link #timeInvariant()} is true), so nothing is repeated {@code steps} times.
 */
public final class TimeTiledInput implements InputSource {
  private final int size;
  private final LongFunction<float[]> intensities;

  /**
   * @param size inputs per sample
   * @param intensities the intensities of a sample id ({@code size} values, typically in [0, 1])
   */
  public TimeTiledInput(int size, LongFunction<float[]> intensities) {
    this.size = Checks.positive("TimeTiledInput.size", size);
    this.intensities = Checks.notNull("TimeTiledInput.intensities", intensities);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean timeInvariant() {
    return true;
  }

  @Override
  public void fill(long[] sampleIds, int step, float[] out) {
    for (int b = 0; b < sampleIds.length; b++) {
      float[] v = intensities.apply(sampleIds[b]);
      if (v == null || v.length != size) {
        throw new IllegalArgumentException(
            "TimeTiledInput: sample "
                + sampleIds[b]
                + " has "
                + (v == null ? "no values" : v.length + " values")
                + ", expected "
                + size);
      }
      System.arraycopy(v, 0, out, b * size, size);
    }
  }
}
