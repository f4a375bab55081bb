package org.sparksnn.encoders;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * Time-tile encoding: the intensities are the input at every step, stored once (virtual tiling:
 * nothing is repeated {@code steps} times). Serialized as {@code inputs} little-endian float32.
 */
public final class TiledIntensities implements EncodedInput {
  private final int steps;
  private final float[] values;

  /** Tiles {@code values} (copied) over {@code steps} steps. */
  public TiledIntensities(int steps, float[] values) {
    this.steps = Checks.positive("TiledIntensities.steps", steps);
    this.values = values.clone();
  }

  /** Parses {@link #toBytes()} output. */
  public static TiledIntensities fromBytes(byte[] bytes, int steps) {
    if (bytes.length % 4 != 0) {
      throw new DataFormatException(
          "tiled intensities need a multiple of 4 bytes (float32), got " + bytes.length);
    }
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return new TiledIntensities(steps, v);
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int inputs() {
    return values.length;
  }

  @Override
  public float value(int step, int input) {
    return values[input];
  }

  /** The intensities (a copy). */
  public float[] values() {
    return values.clone();
  }

  @Override
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }
}
