/**
 * The Loihi emulator (nengo-loihi's {@code emulator}): runs a discretized network with the chip's
 * integer arithmetic ({@link org.sparksnn.loihi.emulator.Backend#EMULATOR_FIXED}) or the float
 * build without discretization ({@link org.sparksnn.loihi.emulator.Backend#EMULATOR_FLOAT},
 * "simreal"), for a batch of independent input streams; per-step u / v traces of one stream for
 * debugging ({@link org.sparksnn.loihi.emulator.StateTrace}).
 */
package org.sparksnn.loihi.emulator;
