package org.sparksnn.ops.net;

import org.sparksnn.ops.loss.Loss;

/**
 * The predicted class of every row of a batch's readout ({@code [rows × classes]}, row-major):
 * {@link Loss#argmax(float[], int, int)} of each row, the first largest value, NaN never taken
 * after the first column. The same results as that loop, eight rows at a time where {@link Simd}
 * allows; for the per-step accuracy of an evaluation, which asks it at every step.
 */
public final class RowArgmax {
  private RowArgmax() {}

  /**
   * {@code out[r] = Loss.argmax(values, r, classes)} for r = 0 … {@code rows} − 1.
   *
   * @param classes values per row, {@code >= 1}
   * @throws IllegalArgumentException if {@code classes < 1}, {@code values} is shorter than
   *     {@code rows·classes} or {@code out} than {@code rows}
   */
  public static void of(float[] values, int rows, int classes, int[] out) {
    if (classes < 1 || (long) values.length < (long) rows * classes || out.length < rows) {
      throw new IllegalArgumentException(
          "RowArgmax: "
              + rows
              + " rows of "
              + classes
              + " classes (>= 1) need "
              + (long) rows * classes
              + " values and "
              + rows
              + " results, got "
              + values.length
              + " and "
              + out.length);
    }
    int r = Simd.ENABLED ? VectorLoops.argmaxRows(values, rows, classes, out) : 0;
    for (; r < rows; r++) {
      out[r] = Loss.argmax(values, r, classes);
    }
  }
}
