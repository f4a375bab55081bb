package org.sparksnn.pipeline.sweep;

import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * The estimated time left in a sweep: the wall time so far scaled by the work still to do over the
 * work done, each point weighing its {@link PointWork} (so a 120-step point counts nearly 12 times
 * a 10-step one of the same network, and a conv net more than an MLP), with the input densities a
 * pilot run measured (a layer reading sparse spikes counts what the event-driven kernels do) and
 * without the layers a point takes from its group ({@link PointWork#estimate}). Counting points alone promised a
 * third of the time left when a grid's longer points came last.
 */
final class SweepEta {
  private final Map<Integer, Double> workOfPoint;
  private final double totalWork;
  private double doneWork;

  /**
   * @param workOfPoint each point still to compute (by point index) and its work, ≥ 0
   */
  SweepEta(Map<Integer, Double> workOfPoint) {
    this.workOfPoint = Map.copyOf(workOfPoint);
    double sum = 0;
    for (Map.Entry<Integer, Double> e : this.workOfPoint.entrySet()) {
      Checks.check(e.getValue() >= 0, "SweepEta.work[" + e.getKey() + "]", ">= 0", e.getValue());
      sum += e.getValue();
    }
    this.totalWork = sum;
  }

  /** Marks point {@code g} (one of the constructor's) as computed. */
  void pointDone(int g) {
    Double w = workOfPoint.get(g);
    Checks.check(w != null, "SweepEta.point", "one of the points to compute", g);
    doneWork += w;
  }

  /**
   * Seconds left after {@code elapsedSeconds} of computing: 0 once all work is done, NaN before
   * any work is done.
   */
  double secondsLeft(double elapsedSeconds) {
    if (doneWork >= totalWork) {
      return 0;
    }
    return doneWork == 0 ? Double.NaN : elapsedSeconds * (totalWork - doneWork) / doneWork;
  }
}
