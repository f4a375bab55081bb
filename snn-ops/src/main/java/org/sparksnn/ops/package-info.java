/**
 * The numerical core of spark-snn: plain Java on ND4J, no Spark.
 *
 * <p>This root package holds what every module shares: argument {@link org.sparksnn.ops.Checks}
 * and the {@link org.sparksnn.ops.SnnException} hierarchy. Sub-packages hold neuron models
 * ({@code neuron}), synapses ({@code synapse}), losses, optimizers, the time-stepped network
 * ({@code net}) and the model file format ({@code io}).
 */
package org.sparksnn.ops;
