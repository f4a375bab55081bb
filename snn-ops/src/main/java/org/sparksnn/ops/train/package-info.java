/**
 * Single-process training of a {@link org.sparksnn.ops.net.NetworkSpec}: the fixed, seeded batch
 * plan ({@link org.sparksnn.ops.train.BatchPlan}), micro-batch gradients that a distributed trainer
 * can compute elsewhere and sum in the same fixed order ({@link
 * org.sparksnn.ops.train.MicroBatchGradient}), and the {@link org.sparksnn.ops.train.Trainer} loop.
 */
package org.sparksnn.ops.train;
