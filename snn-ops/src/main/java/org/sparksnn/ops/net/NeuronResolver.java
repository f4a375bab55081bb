package org.sparksnn.ops.net;

import java.util.Map;
import org.sparksnn.ops.neuron.NeuronModel;

/**
 * Builds the neuron model of an activation layer from its type name and parameters. Swapping the
 * neuron type at evaluation (the converter workflow) is compiling the same spec and weights with
 * another resolver.
 */
@FunctionalInterface
public interface NeuronResolver {

  /**
   * The model for {@code type} (e.g. {@code "spiking-relu"}) with {@code params} (e.g. {@code
   * tauRc}); throws {@link IllegalArgumentException} naming the type if it is unknown.
   */
  NeuronModel resolve(String type, Map<String, Double> params);
}
