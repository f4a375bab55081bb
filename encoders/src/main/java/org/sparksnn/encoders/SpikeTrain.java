package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * A binary spike train {@code [steps][inputs]}, bit-packed: bit {@code k = step·inputs + input}
 * is bit {@code k & 7} (least significant first) of byte {@code k >> 3} — numpy's {@code
 * packbits(bits.ravel(), bitorder='little')}. Serialized size: {@code ceil(steps·inputs / 8)}
 * bytes.
 */
public final class SpikeTrain implements EncodedInput {
  private final int steps;
  private final int inputs;
  private final byte[] bits;

  private SpikeTrain(int steps, int inputs, byte[] bits) {
    this.steps = steps;
    this.inputs = inputs;
    this.bits = bits;
  }

  /** An empty (silent) train. */
  public static SpikeTrain empty(int steps, int inputs) {
    Checks.positive("SpikeTrain.steps", steps);
    Checks.positive("SpikeTrain.inputs", inputs);
    return new SpikeTrain(steps, inputs, new byte[byteLength(steps, inputs)]);
  }

  /** Parses {@link #toBytes()} output; the length must match {@code steps} and {@code inputs}. */
  public static SpikeTrain fromBytes(byte[] bytes, int steps, int inputs) {
    Checks.positive("SpikeTrain.steps", steps);
    Checks.positive("SpikeTrain.inputs", inputs);
    int expected = byteLength(steps, inputs);
    if (bytes.length != expected) {
      throw new DataFormatException(
          "spike train of "
              + steps
              + " steps x "
              + inputs
              + " inputs needs "
              + expected
              + " bytes, got "
              + bytes.length);
    }
    return new SpikeTrain(steps, inputs, bytes.clone());
  }

  /** Bytes needed for {@code steps × inputs} bits. */
  public static int byteLength(int steps, int inputs) {
    long bitsNeeded = (long) steps * inputs;
    Checks.check(bitsNeeded <= 8L * (Integer.MAX_VALUE - 8), "SpikeTrain", "too large", bitsNeeded);
    return (int) ((bitsNeeded + 7) >>> 3);
  }

  @Override
  public int steps() {
    return steps;
  }

  @Override
  public int inputs() {
    return inputs;
  }

  /** True if {@code input} spikes at {@code step}. */
  public boolean get(int step, int input) {
    long k = (long) step * inputs + input;
    return (bits[(int) (k >>> 3)] & (1 << (k & 7))) != 0;
  }

  /** Sets a spike of {@code input} at {@code step}. */
  void set(int step, int input) {
    long k = (long) step * inputs + input;
    bits[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
  }

  @Override
  public float value(int step, int input) {
    return get(step, input) ? 1f : 0f;
  }

  /** Spikes per input over all steps. */
  public int[] countPerInput() {
    int[] counts = new int[inputs];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < inputs; i++) {
        if (get(t, i)) {
          counts[i]++;
        }
      }
    }
    return counts;
  }

  /** Total number of spikes. */
  public long totalSpikes() {
    long n = 0;
    for (byte b : bits) {
      n += Integer.bitCount(b & 0xFF);
    }
    return n;
  }

  @Override
  public byte[] toBytes() {
    return bits.clone();
  }
}
