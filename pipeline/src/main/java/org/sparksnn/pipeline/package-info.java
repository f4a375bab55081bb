/**
 * Spark adapters over the core modules: table schemas ({@code schema}), Hadoop file-system I/O
 * with atomic outputs ({@code io}), and Spark ML stages ({@code stage}). Heavy numeric work lives
 * in snn-ops, encoders and loihi-sim; classes here only move data and delegate.
 */
package org.sparksnn.pipeline;
