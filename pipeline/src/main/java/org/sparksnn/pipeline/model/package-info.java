/**
 * The model directory: {@code model.yaml} (architecture, training config, provenance) plus
 * {@code weights.npz} (numpy-readable), read and written through Hadoop. A model written by hand
 * in YAML + NPZ loads and runs.
 */
package org.sparksnn.pipeline.model;
