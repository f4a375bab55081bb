/**
 * The time-stepped network: the architecture description ({@link org.sparksnn.ops.net.NetworkSpec},
 * {@link org.sparksnn.ops.net.LayerSpec}), named parameters ({@link
 * org.sparksnn.ops.net.ParameterSet}), the compiled {@link org.sparksnn.ops.net.Network}, and its
 * runner ({@link org.sparksnn.ops.net.NetworkRunner}): streaming evaluation over time and
 * backpropagation through time for training.
 *
 * <p>Layout conventions: activations are batch-major float32 rows, {@code [batch × features]},
 * images channels-last ({@code NHWC}); sequences over time are time-major, {@code [steps × batch ×
 * features]}. Dense kernels are {@code [in, out]}, conv kernels {@code [kh, kw, cin, cout]}.
 */
package org.sparksnn.ops.net;
