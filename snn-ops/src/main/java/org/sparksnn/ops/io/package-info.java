/**
 * The model file format: numpy-compatible {@code .npz} archives ({@link org.sparksnn.ops.io.Npz},
 * {@link org.sparksnn.ops.io.NpyArray}) and the weights file of a network ({@link
 * org.sparksnn.ops.io.WeightsFile}: arrays {@code <layer>/kernel}, {@code <layer>/bias}, {@code
 * <layer>/tau}). Streams only, so any Hadoop path can be used by the caller.
 */
package org.sparksnn.ops.io;
