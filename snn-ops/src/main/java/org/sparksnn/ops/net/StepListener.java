package org.sparksnn.ops.net;

/**
 * Receives each time step of a streaming evaluation (for accuracy at every step and firing-rate
 * statistics). The arrays passed are the runner's buffers: read them during the call, do not keep
 * or modify them.
 */
@FunctionalInterface
public interface StepListener {

  /**
   * Called after step {@code step} (0-based) of a batch.
   *
   * @param step the time step, {@code 0 .. steps−1}
   * @param view the batch's layer outputs of this step and the readout as if the run ended here
   */
  void onStep(int step, StepView view);

  /** The values visible at one step of one batch. */
  interface StepView {
    /** Rows in this batch. */
    int batch();

    /** Number of layers of the network. */
    int layers();

    /**
     * Layer {@code layer}'s output at this step, {@code [batch × layerSize(layer)]}. A synapse
     * that the evaluation applies after the next dense layer instead ({@link NetworkRunner})
     * shows its input; that dense layer shows the filtered output.
     */
    float[] layerOutput(int layer);

    /** Features per sample of layer {@code layer}'s output. */
    int layerSize(int layer);

    /**
     * The readout so far ({@link Readout} applied to steps {@code 0..step}), {@code [batch ×
     * classes]}.
     */
    float[] readout();
  }
}
