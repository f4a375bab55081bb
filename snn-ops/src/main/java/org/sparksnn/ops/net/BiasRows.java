package org.sparksnn.ops.net;

/**
 * A dense or conv layer's bias over a block of row-major rows of {@code width} outputs: added to
 * every row on the forward pass, summed over the rows for its gradient on the backward pass.
 */
final class BiasRows {
  private BiasRows() {}

  /** {@code out[off + r·width + j] += bias[j]} for rows {@code r < rows} and {@code j < width}. */
  static void add(float[] out, int off, int rows, float[] bias, int width) {
    for (int r = 0; r < rows; r++) {
      int o = off + r * width;
      for (int j = 0; j < width; j++) {
        out[o + j] += bias[j];
      }
    }
  }

  /**
   * {@code grad[j] = (float) Σ_r dOut[r·width + j]} for {@code j < width}: summed in double, rows
   * in ascending order, rounded to float once.
   */
  static void gradient(float[] dOut, int rows, int width, float[] grad) {
    double[] db = new double[width];
    for (int r = 0; r < rows; r++) {
      int off = r * width;
      for (int j = 0; j < width; j++) {
        db[j] += dOut[off + j];
      }
    }
    for (int j = 0; j < width; j++) {
      grad[j] = (float) db[j];
    }
  }
}
