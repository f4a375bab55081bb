package org.sparksnn.pipeline.report;

import org.sparksnn.ops.Checks;

/**
 * One line of a chart.
 *
 * @param name legend entry
 * @param x x values
 * @param y y values, same length as {@code x}
 */
public record Series(String name, double[] x, double[] y) {
  public Series {
    Checks.notNull("Series.name", name);
    Checks.check(x.length == y.length, "Series.y", "must have as many values as x (" + x.length + ")", y.length);
  }
}
