package org.sparksnn.ops.train;

import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * The gradient of one micro-batch as a flat vector (the {@link
 * org.sparksnn.ops.net.ParameterSet#flatten()} layout), <b>summed</b> over its samples, with its
 * summed losses and counts. A distributed trainer computes these on executors and combines them
 * with {@link #sum} in micro-batch order, which reproduces the single-process result bit for bit.
 *
 * @param gradient flat gradient summed over the samples
 * @param loss data loss summed over the samples
 * @param regularizationLoss rate-regularization loss summed over the samples
 * @param correct samples whose readout argmax equals the label
 * @param count samples
 */
public record MicroBatchGradient(
    float[] gradient, double loss, double regularizationLoss, int correct, int count)
    implements java.io.Serializable {

  public MicroBatchGradient {
    Checks.notNull("MicroBatchGradient.gradient", gradient);
    Checks.nonNegative("MicroBatchGradient.count", count);
  }

  /**
   * The element-wise sum of {@code parts} taken strictly in list order (float additions, losses in
   * double): the one summation order every trainer must use.
   */
  public static MicroBatchGradient sum(List<MicroBatchGradient> parts) {
    Checks.check(!parts.isEmpty(), "MicroBatchGradient.parts", "must not be empty", parts.size());
    float[] g = parts.get(0).gradient().clone();
    double loss = parts.get(0).loss();
    double reg = parts.get(0).regularizationLoss();
    int correct = parts.get(0).correct();
    int count = parts.get(0).count();
    for (int p = 1; p < parts.size(); p++) {
      MicroBatchGradient m = parts.get(p);
      Checks.check(
          m.gradient().length == g.length,
          "MicroBatchGradient.gradient.length",
          "must be " + g.length,
          m.gradient().length);
      float[] x = m.gradient();
      for (int k = 0; k < g.length; k++) {
        g[k] += x[k];
      }
      loss += m.loss();
      reg += m.regularizationLoss();
      correct += m.correct();
      count += m.count();
    }
    return new MicroBatchGradient(g, loss, reg, correct, count);
  }
}
