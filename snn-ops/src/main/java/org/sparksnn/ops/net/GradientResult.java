package org.sparksnn.ops.net;

/**
 * The result of one forward + backward pass over a batch: everything is <b>summed</b> over the
 * batch rows (divide by the global batch size once, after summing micro-batches in a fixed order).
 *
 * @param gradient ∂(loss + regularization)/∂parameters summed over the rows; null if only the loss
 *     was computed
 * @param loss the data loss summed over the rows
 * @param regularizationLoss the rate-regularization loss summed over the rows and layers
 * @param correct rows whose readout argmax equals the label
 * @param count rows in the batch
 */
public record GradientResult(
    ParameterSet gradient, double loss, double regularizationLoss, int correct, int count) {

  /** Data loss + regularization loss, summed over the rows. */
  public double totalLoss() {
    return loss + regularizationLoss;
  }
}
