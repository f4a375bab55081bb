package org.sparksnn.pipeline.sweep;

import org.sparksnn.ops.net.NeuronResolver;

/**
 * A {@link NeuronResolver} that Spark can ship to executors, e.g. {@code NeuronTypes::create} (a
 * method reference to a serializable functional interface is serializable).
 */
@FunctionalInterface
public interface SerializableNeuronResolver extends NeuronResolver, java.io.Serializable {}
