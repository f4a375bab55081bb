/**
 * Synapses: linear filters applied per channel over time steps, with their derivatives for
 * backpropagation through time. Exact semantics: {@code shared/docs/numerics.md} ("Synapse").
 */
package org.sparksnn.ops.synapse;
