package org.sparksnn.pipeline.sweep;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.StepListener;

/**
 * The share of non-zero values in each layer's input over a point's steps, measured by running
 * the point on its first few images: what the event-driven kernels' cost follows ({@link
 * PointWork#perLayer(org.sparksnn.ops.net.Network, double[])}). A layer's input is the previous
 * layer's output as the evaluation computes it: the spikes, for a linear layer whose synapse the
 * evaluation applies after it. The network's own input is counted as dense (1).
 */
final class InputDensity implements StepListener {
  /** Images of the pilot run: enough for a share of the first layers' millions of values. */
  static final int PILOT_IMAGES = 4;

  private final long[] nonZero;
  private final long[] values;

  private InputDensity(int layers) {
    this.nonZero = new long[layers];
    this.values = new long[layers];
  }

  /**
   * Each layer's input density in {@code [0, 1]}, from {@code evaluator}'s point run on the first
   * {@code min(PILOT_IMAGES, n)} images of {@code data} (n ≥ 1).
   */
  static double[] measure(PointEvaluator evaluator, EvalImages data) {
    Checks.positive("InputDensity.images", data.count());
    int layers = evaluator.network().layerCount();
    InputDensity counts = new InputDensity(layers);
    evaluator.run(data, 0, Math.min(PILOT_IMAGES, data.count()), counts);
    double[] density = new double[layers];
    density[0] = 1;
    for (int i = 1; i < layers; i++) {
      long values = counts.values[i - 1];
      density[i] = values == 0 ? 1 : (double) counts.nonZero[i - 1] / values;
    }
    return density;
  }

  @Override
  public void onStep(int step, StepView view) {
    for (int i = 0; i < view.layers(); i++) {
      float[] out = view.layerOutput(i);
      int n = view.batch() * view.layerSize(i);
      long count = 0;
      for (int k = 0; k < n; k++) {
        if (out[k] != 0) {
          count++;
        }
      }
      nonZero[i] += count;
      values[i] += n;
    }
  }
}
