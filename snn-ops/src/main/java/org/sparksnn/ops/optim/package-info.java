/**
 * Optimizers: configuration records ({@link org.sparksnn.ops.optim.Sgd}, {@link
 * org.sparksnn.ops.optim.Adam}, {@link org.sparksnn.ops.optim.RmsProp}) kept apart from their
 * mutable {@link org.sparksnn.ops.optim.OptimizerState}, learning-rate schedules and gradient
 * clipping. Updates are element-wise in a fixed order, so equal inputs give bit-identical weights.
 */
package org.sparksnn.ops.optim;
