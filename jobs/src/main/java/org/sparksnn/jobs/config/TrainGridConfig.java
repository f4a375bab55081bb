package org.sparksnn.jobs.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * A training sweep: the cartesian product of values of config keys, one trained model per point.
 * Keys are {@code --set} paths into the same config (a numeric segment indexes a list), so any
 * hyperparameter can be swept: learning rate, a regularizer target, a lowpass tau, a hidden
 * width, dt, epochs…
 *
 * <pre>
 * trainGrid:
 *   parameters:
 *     train.optimizer.learningRate: [0.001, 0.003]
 *     model.layers.0.units: [64, 128]
 *     model.dt: [0.01, 0.1]
 * </pre>
 *
 * Each point's config is the file's config with that point's values set; it is validated like
 * any config before the first model is trained. Models go to {@code <output.dir>/grid/<point>/model},
 * the summary table to {@code <output.dir>/grid/summary}.
 *
 * @param parameters config key path → values (at least one value each); key order is the order
 *     of the columns and of the points (the last key varies fastest)
 */
public record TrainGridConfig(Map<String, List<Object>> parameters) {

  /** Largest number of points a grid may have. */
  public static final int MAX_POINTS = 10_000;

  public TrainGridConfig {
    Checks.check(
        parameters != null && !parameters.isEmpty(),
        "parameters",
        "must name at least one key",
        "none");
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    long points = 1;
    for (Map.Entry<String, List<Object>> e : parameters.entrySet()) {
      String key = e.getKey();
      Checks.check(
          key != null && key.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*"),
          "parameters",
          "keys must be config key paths like train.optimizer.learningRate",
          key);
      Checks.check(
          !key.equals("output") && !key.startsWith("output.") && !key.startsWith("trainGrid"),
          "parameters",
          "cannot sweep output or trainGrid keys",
          key);
      List<Object> values = e.getValue();
      Checks.check(
          values != null && !values.isEmpty(),
          "parameters." + key,
          "must list at least one value",
          values);
      for (int i = 0; i < values.size(); i++) {
        Checks.check(values.get(i) != null, "parameters." + key + "[" + i + "]",
            "must not be null", "null");
      }
      points *= values.size();
      Checks.check(points <= MAX_POINTS, "parameters", "must have at most "
          + MAX_POINTS + " points", points);
      copy.put(key, new ArrayList<>(values));
    }
    parameters = java.util.Collections.unmodifiableMap(copy);
  }

  /** The points: one map key → value per point, in order (the last key varies fastest). */
  public List<Map<String, Object>> points() {
    List<Map<String, Object>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> e : parameters.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> p : out) {
        for (Object v : e.getValue()) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          q.put(e.getKey(), v);
          next.add(q);
        }
      }
      out = next;
    }
    return out;
  }
}
