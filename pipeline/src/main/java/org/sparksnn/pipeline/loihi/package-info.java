/**
 * From trained snn-ops models to Loihi: which layers go on the chip, the chip description
 * (loihi-sim's {@code LoihiNetwork}), the off-chip readout, and the discretized parameters as
 * JSON.
 */
package org.sparksnn.pipeline.loihi;
