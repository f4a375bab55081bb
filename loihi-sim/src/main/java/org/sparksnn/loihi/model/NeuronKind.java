package org.sparksnn.loihi.model;

/** The compartment dynamics of an on-chip layer. */
public enum NeuronKind {
  /**
   * Non-leaky integrate-and-fire ({@code loihi-relu}): threshold {@code 1/dt}, no voltage decay,
   * refractory delay {@code round(tauRef/dt) + 1}.
   */
  LOIHI_RELU,
  /**
   * Leaky integrate-and-fire ({@code loihi-lif}): threshold 1, voltage decay {@code 1 −
   * exp(−dt/tauRc)}, refractory delay {@code round(tauRef/dt) + 1}.
   */
  LOIHI_LIF
}
