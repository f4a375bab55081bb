package org.sparksnn.encoders;

import java.util.Arrays;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * A binary spike train {@code [steps][inputs]}, bit-packed.
 *
 * <p>Layout of {@link #toBytes()} (and of the in-memory array): the bits are numbered {@code k =
 * step·inputs + input} (row = step, rows not padded), and bit {@code k} is bit {@code k & 7} (least
 * significant first) of byte {@code k >> 3} — numpy's {@code np.packbits(spikes.ravel(),
 * bitorder='little')}, read back with {@code np.unpackbits(b, count=steps*inputs,
 * bitorder='little').reshape(steps, inputs)}. Size: {@code ceil(steps·inputs / 8)} bytes; the
 * unused high bits of the last byte are 0.
 *
 * <p>Immutable to users of this package.
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

  /** A silent train (package-private builders fill it). */
  static SpikeTrain empty(int steps, int inputs) {
    Checks.positive("SpikeTrain.steps", steps);
    Checks.positive("SpikeTrain.inputs", inputs);
    return new SpikeTrain(steps, inputs, new byte[byteLength(steps, inputs)]);
  }

  /**
   * A train from explicit spikes, e.g. for tests: {@code spikes[step][input]}, all rows of equal,
   * non-zero length.
   */
  public static SpikeTrain of(boolean[][] spikes) {
    Checks.positive("SpikeTrain.steps", spikes.length);
    SpikeTrain t = empty(spikes.length, spikes[0].length);
    for (int s = 0; s < spikes.length; s++) {
      Checks.check(
          spikes[s].length == t.inputs,
          "SpikeTrain.spikes[" + s + "].length",
          "must equal " + t.inputs,
          spikes[s].length);
      for (int i = 0; i < t.inputs; i++) {
        if (spikes[s][i]) {
          t.set(s, i);
        }
      }
    }
    return t;
  }

  /**
   * Bernoulli spikes: input {@code i} spikes at step {@code t} iff {@code KeyedRandom.uniform(seed,
   * id, t, i) < q[i]}; inputs with {@code q[i] <= 0} stay silent.
   */
  static SpikeTrain bernoulli(long seed, long id, int steps, double[] q) {
    SpikeTrain train = empty(steps, q.length);
    BernoulliSteps source = new BernoulliSteps(seed, id, steps, q);
    int[] spiking = new int[q.length];
    byte[] b = train.bits;
    for (int t = 0; t < steps; t++) {
      int m = source.spikes(t, spiking);
      long base = (long) t * q.length;
      for (int j = 0; j < m; j++) {
        long k = base + spiking[j];
        b[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
      }
    }
    return train;
  }

  /**
   * Parses {@link #toBytes()} output.
   *
   * @throws DataFormatException if the length is not {@code ceil(steps·inputs/8)} or a padding bit
   *     is set
   */
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
    int used = (int) (((long) steps * inputs) & 7);
    if (used != 0 && (bytes[expected - 1] & 0xFF) >>> used != 0) {
      throw new DataFormatException(
          String.format(
              "spike train of %d steps x %d inputs: padding bits of the last byte must be 0, "
                  + "got byte 0x%02X",
              steps, inputs, bytes[expected - 1] & 0xFF));
    }
    return new SpikeTrain(steps, inputs, bytes.clone());
  }

  /** Bytes needed for {@code steps × inputs} bits: {@code ceil(steps·inputs / 8)}. */
  public static int byteLength(int steps, int inputs) {
    long bitsNeeded = (long) steps * inputs;
    Checks.check(
        bitsNeeded <= 8L * (Integer.MAX_VALUE - 8), "SpikeTrain.bits", "too many", bitsNeeded);
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
    checkIndex(step, input);
    long k = (long) step * inputs + input;
    return (bits[(int) (k >>> 3)] & (1 << (k & 7))) != 0;
  }

  /** Sets a spike of {@code input} at {@code step}. */
  void set(int step, int input) {
    checkIndex(step, input);
    long k = (long) step * inputs + input;
    bits[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
  }

  private void checkIndex(int step, int input) {
    if (step < 0 || step >= steps || input < 0 || input >= inputs) {
      throw new IndexOutOfBoundsException(
          "SpikeTrain index (step "
              + step
              + ", input "
              + input
              + ") outside "
              + steps
              + " steps x "
              + inputs
              + " inputs");
    }
  }

  @Override
  public float value(int step, int input) {
    return get(step, input) ? 1f : 0f;
  }

  @Override
  public void fillStep(int step, float[] out, int offset) {
    EncoderChecks.step("SpikeTrain", step, steps);
    EncoderChecks.row("SpikeTrain", inputs, out, offset);
    long k = (long) step * inputs;
    for (int i = 0; i < inputs; i++, k++) {
      out[offset + i] = (bits[(int) (k >>> 3)] >>> (k & 7) & 1);
    }
  }

  /**
   * Writes the inputs that spike at {@code step} into {@code out}, ascending, and returns how many
   * there are. Skips silent bytes, so the cost follows the spike count rather than {@link
   * #inputs()}.
   *
   * @param out room for at least as many entries as spikes at {@code step} ({@link #inputs()} is
   *     always enough)
   */
  public int activeInputs(int step, int[] out) {
    EncoderChecks.step("SpikeTrain", step, steps);
    long first = (long) step * inputs;
    long end = first + inputs;
    int m = 0;
    for (long k = first; k < end; ) {
      int byteIndex = (int) (k >>> 3);
      int b = (bits[byteIndex] & 0xFF) >>> (k & 7);
      long byteEnd = Math.min(end, ((long) byteIndex + 1) << 3);
      while (b != 0) {
        long bit = k + Integer.numberOfTrailingZeros(b);
        if (bit >= byteEnd) {
          break;
        }
        out[m++] = (int) (bit - first);
        b &= b - 1;
      }
      k = byteEnd;
    }
    return m;
  }

  /** Spikes per input over all steps. */
  public int[] countPerInput() {
    int[] counts = new int[inputs];
    for (int byteIndex = 0; byteIndex < bits.length; byteIndex++) {
      int b = bits[byteIndex] & 0xFF;
      while (b != 0) {
        int bit = Integer.numberOfTrailingZeros(b);
        b &= b - 1;
        long k = 8L * byteIndex + bit;
        counts[(int) (k % inputs)]++;
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

  /** Equal trains have the same shape and the same spikes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SpikeTrain t
        && t.steps == steps
        && t.inputs == inputs
        && Arrays.equals(t.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * steps + inputs) + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "SpikeTrain[" + steps + " steps x " + inputs + " inputs, " + totalSpikes() + " spikes]";
  }
}
