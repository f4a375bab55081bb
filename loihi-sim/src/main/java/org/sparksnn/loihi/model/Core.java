package org.sparksnn.loihi.model;

/**
 * One neuro core holding a subset of a layer's compartments, with its resource counts.
 *
 * @param layer layer name
 * @param index core index within the layer, from 0
 * @param compartments indices (into the layer) of the compartments on this core, ascending within
 *     a tile
 * @param inAxons input axons used (one per presynaptic neuron of a dense layer)
 * @param outAxons output axons used (compartments × cores of the next layer; 0 for the last layer)
 * @param synapseBits synapse memory used in bits (dense rows, {@link
 *     ChipLimits#synapseRowBits(int)} per input axon)
 */
public record Core(
    String layer, int index, int[] compartments, int inAxons, int outAxons, long synapseBits) {

  /** Number of compartments on this core. */
  public int size() {
    return compartments.length;
  }
}
