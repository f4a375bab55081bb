package org.sparksnn.ops.neuron;

/**
 * The mutable state of a block of neurons: {@code size} = batch rows × neurons, row-major. Owned
 * by the simulator or network, never by a {@link NeuronModel}.
 *
 * <p>{@code voltage} is the membrane voltage (dimensionless, threshold 1 for LIF types, spike
 * accumulator for spiking-relu); {@code refractoryTime} is the remaining refractory time in
 * seconds (LIF types) and is {@code null} for models without refractoriness.
 */
public final class NeuronState {
  public final double[] voltage;
  public final double[] refractoryTime;

  public NeuronState(int size, boolean refractory) {
    this.voltage = new double[size];
    this.refractoryTime = refractory ? new double[size] : null;
  }

  /**
   * A fresh state for {@code sampleIds.length} rows of {@code neurons} neurons: voltages drawn by
   * {@code init}, and a refractory time of 0 s per neuron if {@code refractory} (else none).
   */
  static NeuronState initial(
      long[] sampleIds, int neurons, InitialVoltage init, boolean refractory) {
    NeuronState s = new NeuronState(sampleIds.length * neurons, refractory);
    init.fill(s, sampleIds, neurons);
    return s;
  }

  /** Number of neurons (batch rows × neurons per row). */
  public int size() {
    return voltage.length;
  }
}
