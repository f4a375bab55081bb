package org.sparksnn.ops.neuron;

import java.io.Serializable;

/**
 * A neuron type: a frozen description with a rate curve and a time step (Nengo's split: the
 * model holds parameters, the caller owns the {@link NeuronState}).
 *
 * <p>Call order: {@link #newState} once per simulation (batch), then {@link #step} once per time
 * step. {@link #rate} and {@link #rateDerivative} are pure functions.
 *
 * <p>Units: input current {@code J} is dimensionless (J = gain·x + bias); rates and outputs are in
 * Hz × amplitude; a spike is emitted as the value {@code amplitude / dt}.
 */
public interface NeuronModel extends Serializable {

  /** The type name used in configs and model files, e.g. {@code "lif"}, {@code "loihi-relu"}. */
  String typeName();

  /** Output scale; a spike has value {@code amplitude / dt}. Default 1. */
  double amplitude();

  /** True if {@link #step} emits spikes; false if its output is {@link #rate} (rate mode). */
  boolean spiking();

  /** Steady-state firing rate for a constant current {@code current}, in Hz × amplitude. */
  double rate(double current, double dt);

  /**
   * The derivative of the (possibly smoothed) rate with respect to the current, used as the
   * pseudo-derivative on the backward pass of spiking-aware training.
   */
  double rateDerivative(double current, double dt);

  /**
   * A fresh state for {@code sampleIds.length} rows of {@code neurons} neurons. The initial
   * voltage is drawn by {@code init}, keyed by (seed, sample id, neuron index).
   */
  NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init);

  /**
   * {@link #newState(long[], int, InitialVoltage)}, reusing {@code previous} (may be null) when
   * the model can set every value of it exactly as a fresh state would start; a runner passes the
   * state of its last batch so that no state is allocated per batch. The default allocates.
   */
  default NeuronState newState(
      long[] sampleIds, int neurons, InitialVoltage init, NeuronState previous) {
    return newState(sampleIds, neurons, init);
  }

  /**
   * Advances every neuron one step of {@code dt} seconds in double precision (the reference
   * path, exact to numerics.md): reads {@code current[k]}, writes {@code out[k]}.
   */
  void step(double dt, double[] current, double[] out, NeuronState state);

  /**
   * The same step as {@link #step(double, double[], double[], NeuronState)} on float inputs and
   * outputs (the training path); state stays in double, so the only difference is the rounding of
   * inputs and outputs to float.
   */
  void step(double dt, float[] current, float[] out, NeuronState state);
}
