package org.sparksnn.pipeline.model;

import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;

/**
 * A model read from a model directory.
 *
 * @param file the parsed {@code model.yaml}
 * @param spec the network spec it describes
 * @param weights the weights from {@code weights.npz}, shapes checked against {@code spec}
 * @param location the directory's URI
 */
public record LoadedModel(ModelFile file, NetworkSpec spec, ParameterSet weights, String location) {}
