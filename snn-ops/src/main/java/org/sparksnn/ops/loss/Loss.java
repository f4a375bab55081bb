package org.sparksnn.ops.loss;

/**
 * A loss on the readout {@code [batch × classes]} of a network against integer labels.
 *
 * <p>{@link #lossAndGradient} returns the loss <b>summed</b> over the batch rows (not averaged) and
 * writes {@code ∂loss/∂output} for each row, so that gradients of micro-batches add up to the
 * gradient of their union.
 */
public enum Loss {
  /**
   * Softmax cross-entropy from logits: {@code −log softmax(o)[label]} per row; gradient {@code
   * softmax(o) − onehot(label)}. Computed in double with the max subtracted.
   */
  SOFTMAX_CROSS_ENTROPY,
  /**
   * Mean squared error against the one-hot label: {@code (1/K)·Σ_k (o_k − onehot_k)²} per row
   * (Keras' {@code mse}: mean over classes); gradient {@code 2·(o_k − onehot_k)/K}.
   */
  MSE;

  /**
   * Computes the summed loss over {@code batch} rows of {@code classes} outputs.
   *
   * @param output row-major {@code [batch × classes]}
   * @param labels one label in {@code [0, classes)} per row
   * @param gradOut if non-null, receives {@code ∂loss/∂output} (same layout as {@code output})
   * @return the loss summed over rows
   */
  public double lossAndGradient(
      float[] output, int batch, int classes, int[] labels, float[] gradOut) {
    double total = 0;
    for (int b = 0; b < batch; b++) {
      int label = labels[b];
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "Loss.labels[" + b + "] must be in [0, " + classes + "), got " + label);
      }
      int off = b * classes;
      if (this == SOFTMAX_CROSS_ENTROPY) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          max = Math.max(max, output[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
          sum += Math.exp(output[off + k] - max);
        }
        double logSum = Math.log(sum) + max;
        total += logSum - output[off + label];
        if (gradOut != null) {
          for (int k = 0; k < classes; k++) {
            double p = Math.exp(output[off + k] - logSum);
            gradOut[off + k] = (float) (p - (k == label ? 1.0 : 0.0));
          }
        }
      } else {
        double row = 0;
        for (int k = 0; k < classes; k++) {
          double d = output[off + k] - (k == label ? 1.0 : 0.0);
          row += d * d;
          if (gradOut != null) {
            gradOut[off + k] = (float) (2.0 * d / classes);
          }
        }
        total += row / classes;
      }
    }
    return total;
  }

  /** The index of the largest output of row {@code row} (the first one on ties). */
  public static int argmax(float[] output, int row, int classes) {
    int best = 0;
    float bestValue = output[row * classes];
    for (int k = 1; k < classes; k++) {
      if (output[row * classes + k] > bestValue) {
        bestValue = output[row * classes + k];
        best = k;
      }
    }
    return best;
  }
}
