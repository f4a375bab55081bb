/**
 * From trained snn-ops models to Loihi: which layers go on the chip (conv and dense blocks), the
 * off-chip to-spikes input and readout, the chip description (loihi-sim's {@code LoihiNetwork}),
 * the emulation of images (one task's work and the Spark stage), and the per-layer {@code
 * scale_firing_rates} search for a target firing rate.
 */
package org.sparksnn.pipeline.loihi;
