/**
 * The Loihi emulator (nengo-loihi's {@code emulator}): runs a discretized network with the chip's
 * integer arithmetic ({@link org.sparksnn.loihi.emulator.Backend#EMULATOR_FIXED}) or the float
 * build without discretization ({@link org.sparksnn.loihi.emulator.Backend#EMULATOR_FLOAT},
 * "simreal"), for a batch of independent input streams.
 */
package org.sparksnn.loihi.emulator;
