package org.sparksnn.pipeline.loihi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.sweep.EvalImages;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SweepGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the sweep points whose {@code scaleFiringRates} is a target rate ({@code {targetRate:
 * 200}}) into per-layer scales with {@link ScaleSearch}, measured on sample images with the
 * rate curve of the point's neuron type (or the model's own, when the point names none or its
 * setting says {@code rateCurve: model}). A grid without such points is returned unchanged;
 * otherwise the result is a grid of its expanded points (same order), each resolved.
 */
public final class TargetScales {
  private static final Logger LOG = LoggerFactory.getLogger(TargetScales.class);

  private TargetScales() {}

  /**
   * @param grid the configured grid
   * @param models loads a model directory (as named in the grid)
   * @param sample the images the rates are measured on (called at most once, only if needed)
   */
  public static SweepGrid resolve(
      SweepGrid grid, Function<String, LoadedModel> models, Supplier<EvalImages> sample) {
    List<GridPoint> points = grid.expand();
    if (points.stream().noneMatch(p -> p.scale().targetRate() != null)) {
      return grid;
    }
    EvalImages images = sample.get();
    float[][] px = new float[images.count()][images.imageSize()];
    for (int i = 0; i < px.length; i++) {
      images.intensities(i, px[i], 0);
    }
    Map<String, LoadedModel> cache = new HashMap<>();
    List<GridPoint> out = new ArrayList<>();
    for (GridPoint p : points) {
      Double hz = p.scale().targetRate();
      if (hz == null) {
        out.add(p);
        continue;
      }
      LoadedModel m = cache.computeIfAbsent(p.model(), models);
      String curve =
          p.scale().rateCurve() == ScaleSetting.RateCurve.MODEL ? null : p.neuron();
      ScaleSearch.Result r =
          ScaleSearch.search(m.spec(), m.weights(), images.ids(), px, hz, curve);
      LOG.info("sweep: {} Hz target with {} on {} images: scales {}, rates {}", hz,
          curve == null ? "the model's neurons" : curve, px.length, r.scales(), r.ratesHz());
      out.add(new GridPoint(p.model(), p.dt(), p.steps(), p.neuron(), p.synapse(),
          ScaleSetting.perLayer(r.scales())));
    }
    return new SweepGrid(grid.models(), null, null, null, null, null, out);
  }
}
