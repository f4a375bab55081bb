package org.sparksnn.pipeline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Renders charts to PNG bytes with XChart, headless. */
public final class PngCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  private PngCharts() {}

  /**
   * A line chart of {@code series}.
   *
   * @param markers draw a marker at every point (for sparse sweeps) or plain lines
   */
  public static byte[] lineChart(
      String title, String xLabel, String yLabel, List<Series> series, boolean markers) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    for (Series s : series) {
      var xy = chart.addSeries(s.name(), s.x(), s.y());
      xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart '" + title + "'", e);
    }
  }
}
