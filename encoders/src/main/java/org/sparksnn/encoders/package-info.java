/**
 * Dataset readers (IDX, plain or gzip, from any {@link java.io.InputStream}) and spike encoders
 * (time-tile, rate, Poisson, regular, latency) with bit-packed spike trains. No Spark: the Spark
 * stage in {@code pipeline} is a thin adapter over these classes.
 *
 * <p>Randomness is keyed by {@code (seed, record id, step, input)} through {@link
 * org.sparksnn.ops.random.KeyedRandom}, so spikes never depend on partitioning or order.
 */
package org.sparksnn.encoders;
