/**
 * Synchronous data-parallel training on Spark: the barrier-stage trainer with a direct TCP
 * all-reduce ({@link org.sparksnn.pipeline.train.BarrierTrainer}), the job-per-step reference
 * trainer ({@link org.sparksnn.pipeline.train.ReferenceTrainer}), the single-process loop they
 * both equal bit for bit ({@link org.sparksnn.pipeline.train.LocalTrainer}), the exact gradient
 * reductions ({@link org.sparksnn.pipeline.train.GradientReduction}, {@link
 * org.sparksnn.pipeline.train.FixedPointAccumulator}) and checkpoints on a Hadoop path ({@link
 * org.sparksnn.pipeline.train.CheckpointStore}).
 *
 * <p>The numeric work (forward, backward, optimizer) is not here: it is behind {@link
 * org.sparksnn.pipeline.train.ReplicaModel}, implemented over snn-ops's {@code Trainer} by {@link
 * org.sparksnn.pipeline.train.SnnReplicaModel}.
 */
package org.sparksnn.pipeline.train;
