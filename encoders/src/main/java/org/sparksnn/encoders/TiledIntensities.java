package org.sparksnn.encoders;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * Time-tile encoding: the intensities are the input at every step, stored once (virtual tiling:
 * nothing is repeated {@code steps} times). Serialized by {@link #toBytes()} as {@code inputs}
 * little-endian IEEE-754 float32 values (numpy {@code np.frombuffer(b, '<f4')}), 4 bytes each.
 */
public final class TiledIntensities implements EncodedInput {
  private final int steps;
  private final float[] values;

  /**
   * Tiles {@code values} (copied) over {@code steps} steps.
   *
   * @param steps time steps, &ge; 1
   */
  public TiledIntensities(int steps, float[] values) {
    this.steps = Checks.positive("TiledIntensities.steps", steps);
    this.values = Checks.notNull("TiledIntensities.values", values).clone();
  }

  /** Parses {@link #toBytes()} output of any length that is a multiple of 4. */
  public static TiledIntensities fromBytes(byte[] bytes, int steps) {
    if (bytes.length % 4 != 0) {
      throw new DataFormatException(
          "tiled intensities need a multiple of 4 bytes (float32), got " + bytes.length);
    }
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return new TiledIntensities(steps, v);
  }

  /** Parses {@link #toBytes()} output, which must hold exactly {@code inputs} float32 values. */
  public static TiledIntensities fromBytes(byte[] bytes, int steps, int inputs) {
    Checks.nonNegative("TiledIntensities.inputs", inputs);
    if (bytes.length != 4L * inputs) {
      throw new DataFormatException(
          "tiled intensities of "
              + inputs
              + " inputs need "
              + 4L * inputs
              + " bytes (float32), got "
              + bytes.length);
    }
    return fromBytes(bytes, steps);
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
    EncoderChecks.step("TiledIntensities", step, steps);
    return values[input];
  }

  @Override
  public void fillStep(int step, float[] out, int offset) {
    EncoderChecks.step("TiledIntensities", step, steps);
    EncoderChecks.row("TiledIntensities", values.length, out, offset);
    System.arraycopy(values, 0, out, offset, values.length);
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

  /** Equal tiles have the same steps and bit-identical values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TiledIntensities t && t.steps == steps && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * steps + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TiledIntensities[" + steps + " steps x " + values.length + " inputs]";
  }
}
