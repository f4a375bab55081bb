package org.sparksnn.ops.net;

/**
 * A linear layer (dense or convolution) that can apply, in evaluation, the lowpass filter of a
 * synapse directly before it to its own output instead ({@link EvaluationPlan}, {@link
 * FilteredLinearRun}).
 */
interface FilterableLayer {
  /**
   * Starts an evaluation run that filters this layer's output with decay {@code a} per step from
   * the bias. With a non-null {@code source} (the same layer with the same weights and input, in
   * another network evaluated together), filters the source's product of each step instead of
   * computing it again.
   */
  FilteredLinearRun startFiltered(Layer.RunContext ctx, double a, FilteredLinearRun source);
}
