/**
 * Neuron models: small validated records of parameters ({@link org.sparksnn.ops.neuron.Relu},
 * {@link org.sparksnn.ops.neuron.SpikingRelu}, {@link org.sparksnn.ops.neuron.LifRate}, {@link
 * org.sparksnn.ops.neuron.Lif}, {@link org.sparksnn.ops.neuron.LoihiRelu}, {@link
 * org.sparksnn.ops.neuron.LoihiLif}) with a steady-state rate curve, its derivative for the
 * backward pass, and a time step over explicit state ({@link org.sparksnn.ops.neuron.NeuronState});
 * the name/parameter-map factory {@link org.sparksnn.ops.neuron.NeuronTypes}; and the
 * double-precision inspection tables {@link org.sparksnn.ops.neuron.RateCurve} and {@link
 * org.sparksnn.ops.neuron.StepResponse}. Exact semantics: {@code shared/docs/numerics.md}.
 */
package org.sparksnn.ops.neuron;
