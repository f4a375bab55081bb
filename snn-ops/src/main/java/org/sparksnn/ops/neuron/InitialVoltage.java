package org.sparksnn.ops.neuron;

import org.sparksnn.ops.random.KeyedRandom;

/**
 * How a neuron's voltage starts: {@link #zero()} or seeded uniform in [0, 1), keyed by (seed,
 * sample id, neuron index) so it does not depend on partitioning. With {@code perTrainingStep}
 * the training draws are new at every training step (keyed by (seed, step, sample id, neuron)), as
 * keras-spiking draws new initial voltages at every call of a spiking layer; evaluation always
 * uses the (seed, sample id, neuron) draw.
 *
 * @param uniform true for seeded uniform [0, 1), false for 0
 * @param seed the seed of the uniform draw (ignored for zero)
 * @param perTrainingStep true to draw new uniform voltages at every training step (ignored for
 *     zero)
 */
public record InitialVoltage(boolean uniform, long seed, boolean perTrainingStep)
    implements java.io.Serializable {
  /** The last key of every voltage draw ({@code uniform(seed, sampleId, neuron, VOLTAGE_KEY)}). */
  private static final long VOLTAGE_KEY = 0x1717;

  /** Fixed draws: {@code perTrainingStep} false. */
  public InitialVoltage(boolean uniform, long seed) {
    this(uniform, seed, false);
  }

  /** Every voltage starts at 0. */
  public static InitialVoltage zero() {
    return new InitialVoltage(false, 0);
  }

  /** Voltages start uniform in [0, 1), keyed by (seed, sample id, neuron). */
  public static InitialVoltage uniform(long seed) {
    return new InitialVoltage(true, seed);
  }

  /**
   * Voltages start uniform in [0, 1): in training keyed by (seed, training step, sample id,
   * neuron), new at every step; in evaluation keyed by (seed, sample id, neuron).
   */
  public static InitialVoltage uniformPerTrainingStep(long seed) {
    return new InitialVoltage(true, seed, true);
  }

  /**
   * The voltages of training step {@code step} ({@code >= 0}): for {@code perTrainingStep}, the
   * fixed uniform draw of a seed derived from (seed, step); otherwise this.
   */
  public InitialVoltage atTrainingStep(long step) {
    if (!uniform || !perTrainingStep) {
      return this;
    }
    if (step < 0) {
      throw new IllegalArgumentException("InitialVoltage.step must be >= 0, got " + step);
    }
    return new InitialVoltage(true, KeyedRandom.derive(seed, step), false);
  }

  /**
   * The initial voltage of the network's layer number {@code layerIndex}: the same kind, with a
   * seed derived from (seed, layerIndex), so that layers of equal size draw differently.
   */
  public InitialVoltage forLayer(int layerIndex) {
    return new InitialVoltage(uniform, KeyedRandom.derive(seed, layerIndex), perTrainingStep);
  }

  /** The initial voltage of neuron {@code neuron} of sample {@code sampleId}. */
  public double voltage(long sampleId, int neuron) {
    return uniform ? KeyedRandom.uniform(seed, sampleId, neuron, VOLTAGE_KEY) : 0.0;
  }

  /**
   * Fills {@code state.voltage} for rows {@code sampleIds} of {@code neurons} neurons each: the
   * values of {@link #voltage}, bit for bit, with the sample's part of the hash computed once per
   * row (half the mixing of a draw).
   */
  public void fill(NeuronState state, long[] sampleIds, int neurons) {
    double[] v = state.voltage;
    for (int r = 0; r < sampleIds.length; r++) {
      int off = r * neurons;
      if (!uniform) {
        java.util.Arrays.fill(v, off, off + neurons, 0.0);
        continue;
      }
      long first = KeyedRandom.firstKey(seed, sampleIds[r]);
      for (int n = 0; n < neurons; n++) {
        v[off + n] =
            KeyedRandom.toUniform(
                KeyedRandom.finishHash(KeyedRandom.rowKeyFrom(first, n), VOLTAGE_KEY));
      }
    }
  }
}
