package org.sparksnn.loihi.model;

import java.util.List;

/**
 * How one layer is split into cores.
 *
 * @param layer layer name
 * @param n number of compartments in the layer
 * @param blockShape the block shape used (the default split's {@code (ceil(n/k),)} or the layer's
 *     own)
 * @param explicitShape true if the layer's {@code blockShape} was used, false for the default split
 * @param cores the cores, in order
 */
public record LayerMapping(
    String layer, int n, int[] blockShape, boolean explicitShape, List<Core> cores) {
  public LayerMapping {
    cores = List.copyOf(cores);
  }
}
