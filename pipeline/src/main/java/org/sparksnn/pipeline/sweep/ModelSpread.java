package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * The spread of one evaluation setting's accuracy over the sweep's models: what a training seed (or
 * whatever else tells the models apart) does to a figure. A sweep over the models of a training
 * grid on {@code train.seed} gives, for every setting, the mean and standard deviation a single
 * training run's figure is a draw of.
 *
 * <p>A setting is the point without its model: {@code dt}, {@code steps}, {@code neuron}, {@code
 * synapse}, {@code scale}; a model counts once per setting (its first point there). Accuracies are
 * fractions in [0, 1]; {@code sd} is the sample standard deviation (divisor {@code models - 1}).
 *
 * @param dt time step, s
 * @param steps steps per image
 * @param neuron neuron type
 * @param synapse synapse setting
 * @param scale {@code scale_firing_rates} setting
 * @param models number of models evaluated at this setting, at least 2
 * @param mean mean accuracy (the sweep's {@code accuracy} column)
 * @param sd sample standard deviation of the accuracy
 * @param min lowest accuracy
 * @param max highest accuracy
 * @param minModel the model with the lowest accuracy (the first on ties)
 * @param maxModel the model with the highest accuracy (the first on ties)
 * @param meanOverStepsMean mean of {@code accuracy_mean_over_steps}
 * @param meanOverStepsSd sample standard deviation of {@code accuracy_mean_over_steps}
 */
public record ModelSpread(
    double dt,
    int steps,
    String neuron,
    String synapse,
    String scale,
    int models,
    double mean,
    double sd,
    double min,
    double max,
    String minModel,
    String maxModel,
    double meanOverStepsMean,
    double meanOverStepsSd) {

  public ModelSpread {
    Checks.check(models >= 2, "ModelSpread.models", "must be >= 2", models);
  }

  /**
   * The spread of every setting evaluated on at least two models, in the order the settings first
   * appear in {@code results}; empty when the results hold fewer than two models.
   */
  public static List<ModelSpread> of(List<PointResult> results) {
    Map<List<Object>, List<PointResult>> bySetting = new LinkedHashMap<>();
    for (PointResult r : results) {
      bySetting.computeIfAbsent(setting(r), k -> new ArrayList<>()).add(r);
    }
    List<ModelSpread> spreads = new ArrayList<>();
    for (List<PointResult> group : bySetting.values()) {
      // one result per model: two points of a model can resolve to one setting (dt: model, 0.001)
      Map<String, PointResult> byModel = new LinkedHashMap<>();
      group.forEach(r -> byModel.putIfAbsent(r.model(), r));
      if (byModel.size() >= 2) {
        spreads.add(over(List.copyOf(byModel.values())));
      }
    }
    return spreads;
  }

  private static List<Object> setting(PointResult r) {
    return List.of(r.dt(), r.steps(), r.neuron(), r.synapse(), r.scale());
  }

  private static ModelSpread over(List<PointResult> group) {
    PointResult first = group.get(0);
    PointResult lowest = first;
    PointResult highest = first;
    double[] acc = new double[group.size()];
    double[] accMean = new double[group.size()];
    for (int i = 0; i < acc.length; i++) {
      PointResult r = group.get(i);
      acc[i] = r.accuracy();
      accMean[i] = r.accuracyMean();
      lowest = r.accuracy() < lowest.accuracy() ? r : lowest;
      highest = r.accuracy() > highest.accuracy() ? r : highest;
    }
    return new ModelSpread(
        first.dt(),
        first.steps(),
        first.neuron(),
        first.synapse(),
        first.scale(),
        acc.length,
        mean(acc),
        sampleSd(acc, mean(acc)),
        lowest.accuracy(),
        highest.accuracy(),
        lowest.model(),
        highest.model(),
        mean(accMean),
        sampleSd(accMean, mean(accMean)));
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double sampleSd(double[] x, double m) {
    double squares = 0;
    for (double v : x) {
      squares += (v - m) * (v - m);
    }
    return Math.sqrt(squares / (x.length - 1));
  }

  /** {@code spreads} as CSV: a header line, then one line per setting. */
  static String csv(List<ModelSpread> spreads) {
    StringBuilder sb =
        new StringBuilder(
            "dt,steps,neuron,synapse,scale_firing_rates,models,accuracy_mean,accuracy_sd,"
                + "accuracy_min,accuracy_max,min_model,max_model,accuracy_mean_over_steps_mean,"
                + "accuracy_mean_over_steps_sd\n");
    for (ModelSpread s : spreads) {
      Object[] cells = {
        s.dt, s.steps, s.neuron, s.synapse, s.scale, s.models, s.mean, s.sd, s.min, s.max,
        s.minModel, s.maxModel, s.meanOverStepsMean, s.meanOverStepsSd
      };
      for (int i = 0; i < cells.length; i++) {
        sb.append(i == 0 ? "" : ",").append(ResultsTable.csvCell(cells[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
