/**
 * Evaluation sweeps: a grid over {@code dt}, {@code steps}, neuron type, lowpass synapse, {@code
 * scale_firing_rates} and model checkpoints ({@link org.sparksnn.pipeline.sweep.SweepGrid}, {@link
 * org.sparksnn.pipeline.sweep.GridPoint}); how a point changes a model's network ({@link
 * org.sparksnn.pipeline.sweep.PointNetwork}); the streaming per-task evaluator and its mergeable
 * partial results; the Spark driver ({@link org.sparksnn.pipeline.sweep.SweepStage}) with resumable
 * per-point results; and the results table, plots and report.
 */
package org.sparksnn.pipeline.sweep;
