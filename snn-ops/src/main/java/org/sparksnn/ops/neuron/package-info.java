/**
 * Neuron models: small validated records of parameters with a steady-state rate curve, its
 * derivative for the backward pass, and a time step over explicit state ({@link
 * org.sparksnn.ops.neuron.NeuronState}). Exact semantics: {@code shared/docs/numerics.md}.
 */
package org.sparksnn.ops.neuron;
