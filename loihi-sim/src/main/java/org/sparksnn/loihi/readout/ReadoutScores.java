package org.sparksnn.loihi.readout;

import org.sparksnn.ops.Checks;

/**
 * Class scores of an {@link OffChipReadout} for {@code batch} streams at every one of {@code steps}
 * steps, with argmax predictions (ties go to the lowest class, as numpy's argmax).
 */
public final class ReadoutScores {
  private final int batch;
  private final int steps;
  private final int classes;
  private final double[] scores;

  ReadoutScores(int batch, int steps, int classes, double[] scores) {
    this.batch = batch;
    this.steps = steps;
    this.classes = classes;
    this.scores = scores;
  }

  /** Number of streams. */
  public int batch() {
    return batch;
  }

  /** Number of steps. */
  public int steps() {
    return steps;
  }

  /** Number of classes (readout outputs). */
  public int classes() {
    return classes;
  }

  /** Score of class {@code o} for stream {@code b} at step {@code t} (0-based). */
  public double score(int b, int t, int o) {
    return scores[(b * steps + t) * classes + o];
  }

  /** The argmax class of stream {@code b} at step {@code t}. */
  public int predictionAt(int b, int t) {
    int base = (b * steps + t) * classes;
    int best = 0;
    for (int o = 1; o < classes; o++) {
      if (scores[base + o] > scores[base + best]) {
        best = o;
      }
    }
    return best;
  }

  /** The argmax class of stream {@code b} at the last step. */
  public int prediction(int b) {
    return predictionAt(b, steps - 1);
  }

  /**
   * Streams whose prediction at step {@code t} equals {@code labels[b]} (accuracy = this / batch;
   * over t it is the accuracy-versus-time curve).
   */
  public int correctAt(int[] labels, int t) {
    Checks.notNull("ReadoutScores.labels", labels);
    Checks.check(labels.length == batch, "ReadoutScores.labels.length", "must be " + batch,
        labels.length);
    int c = 0;
    for (int b = 0; b < batch; b++) {
      c += predictionAt(b, t) == labels[b] ? 1 : 0;
    }
    return c;
  }
}
