/**
 * Dataset readers and spike encoders, plain Java (no Spark, no Hadoop: the pipeline opens files and
 * passes {@link java.io.InputStream}s with a display name).
 *
 * <ul>
 *   <li>IDX files: {@link org.sparksnn.encoders.IdxReader} (plain or gzip, hardened against
 *       malformed and lying headers) and {@link org.sparksnn.encoders.IdxWriter}, into the compact
 *       {@link org.sparksnn.encoders.ImageSet}, {@link org.sparksnn.encoders.LabelSet} and {@link
 *       org.sparksnn.encoders.LabeledImages}.
 *   <li>Encoders ({@link org.sparksnn.encoders.SpikeEncoder}): time-tile, rate (Bernoulli),
 *       Poisson, regular, latency, as validated parameter records.
 *   <li>Encoded forms ({@link org.sparksnn.encoders.EncodedInput}): bit-packed {@link
 *       org.sparksnn.encoders.SpikeTrain}s and virtually tiled {@link
 *       org.sparksnn.encoders.TiledIntensities}.
 * </ul>
 *
 * <p>Randomness is keyed by {@code (seed, record id, step, input)} through {@link
 * org.sparksnn.ops.random.KeyedRandom}, so spikes never depend on partitioning or order.
 */
package org.sparksnn.encoders;
