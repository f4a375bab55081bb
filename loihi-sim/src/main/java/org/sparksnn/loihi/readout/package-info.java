/**
 * The off-chip end of a chip network (runs on the host, not on Loihi): the lowpass-filtered dense
 * readout of the last on-chip layer's spikes into class scores ({@link
 * org.sparksnn.loihi.readout.OffChipReadout}, {@link org.sparksnn.loihi.readout.ReadoutScores}).
 */
package org.sparksnn.loihi.readout;
