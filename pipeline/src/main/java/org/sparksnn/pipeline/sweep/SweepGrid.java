package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * A sweep grid: the cartesian product of the value lists, plus explicit points. An empty list means
 * "the model's own value" (for {@code synapse}: none). Validated on construction; error messages
 * name the key path relative to the sweep section, e.g. {@code dt[1] must be > 0, got -0.001} or
 * {@code points[0].neuron must be one of relu, ..., got 'foo'}.
 *
 * <p>Expansion order (the order of the results table): models, then dt, steps, neuron, synapse,
 * scale (the last varies fastest); then the explicit points, each for every model if it names none.
 * With no value list set the product is one point per model (the model as it is), unless there are
 * explicit points: then the grid is those points alone. Duplicates (same model and settings) are
 * kept once, at their first position.
 *
 * @param models model directories (Hadoop paths), at least one
 * @param dt time steps, s, each {@code > 0}; empty = the model's
 * @param steps steps per image, each {@code >= 1}; empty = the model's
 * @param neuron neuron types swapped into every activation (one of {@link NeuronTypes#NAMES}), or
 *     null entries for the model's own; empty = the model's
 * @param synapse synapse settings; empty = none
 * @param scale scale settings; empty = the model's
 * @param points explicit extra points (their {@code model} may be null: every model)
 */
public record SweepGrid(
    List<String> models,
    List<Double> dt,
    List<Integer> steps,
    List<String> neuron,
    List<SynapseSetting> synapse,
    List<ScaleSetting> scale,
    List<GridPoint> points)
    implements java.io.Serializable {

  public SweepGrid {
    models = copy(models);
    dt = copy(dt);
    steps = copy(steps);
    neuron = copy(neuron);
    synapse = copy(synapse);
    scale = copy(scale);
    points = copy(points);
    Checks.check(!models.isEmpty(), "models", "must name at least one model directory", models);
    for (int i = 0; i < models.size(); i++) {
      Checks.check(
          models.get(i) != null && !models.get(i).isBlank(),
          "models[" + i + "]",
          "must be a model directory",
          models.get(i));
    }
    for (int i = 0; i < dt.size(); i++) {
      checkDt("dt[" + i + "]", dt.get(i));
    }
    for (int i = 0; i < steps.size(); i++) {
      checkSteps("steps[" + i + "]", steps.get(i));
    }
    for (int i = 0; i < neuron.size(); i++) {
      checkNeuron("neuron[" + i + "]", neuron.get(i));
    }
    for (int i = 0; i < synapse.size(); i++) {
      Checks.notNull("synapse[" + i + "]", synapse.get(i));
    }
    for (int i = 0; i < scale.size(); i++) {
      Checks.notNull("scaleFiringRates[" + i + "]", scale.get(i));
    }
    for (int i = 0; i < points.size(); i++) {
      GridPoint p = points.get(i);
      String at = "points[" + i + "]";
      Checks.notNull(at, p);
      if (p.dt() != null) {
        checkDt(at + ".dt", p.dt());
      }
      if (p.steps() != null) {
        checkSteps(at + ".steps", p.steps());
      }
      if (p.neuron() != null) {
        checkNeuron(at + ".neuron", p.neuron());
      }
    }
  }

  /** A grid over {@code models} with every other list empty (one point per model). */
  public static SweepGrid of(List<String> models) {
    return new SweepGrid(models, null, null, null, null, null, null);
  }

  private static <T> List<T> copy(List<T> l) {
    return l == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(l));
  }

  private static void checkDt(String path, Double v) {
    Checks.notNull(path, v);
    Checks.positive(path, v);
    Checks.finite(path, v);
  }

  private static void checkSteps(String path, Integer v) {
    Checks.notNull(path, v);
    Checks.check(v >= 1, path, "must be >= 1", v);
  }

  private static void checkNeuron(String path, String name) {
    if (name == null) {
      return;
    }
    Checks.check(
        NeuronTypes.NAMES.contains(name),
        path,
        "must be one of " + String.join(", ", NeuronTypes.NAMES) + " (or model)",
        "'" + name + "'");
  }

  /**
   * All points in table order, duplicates removed; every point names its model. The axes' product
   * comes first (with no axis set, it is one point: each model as it is), then the explicit points;
   * a grid of explicit points only is just those points.
   */
  public List<GridPoint> expand() {
    Map<String, GridPoint> out = new LinkedHashMap<>();
    if (!points.isEmpty() && hasNoAxis()) {
      addPoints(out);
      return List.copyOf(out.values());
    }
    List<Double> dts = orNull(dt);
    List<Integer> stepsList = orNull(steps);
    List<String> neurons = orNull(neuron);
    List<SynapseSetting> synapses = synapse.isEmpty() ? List.of(SynapseSetting.none()) : synapse;
    List<ScaleSetting> scales = scale.isEmpty() ? List.of(ScaleSetting.model()) : scale;
    for (String m : models) {
      for (Double d : dts) {
        for (Integer s : stepsList) {
          for (String n : neurons) {
            for (SynapseSetting syn : synapses) {
              for (ScaleSetting sc : scales) {
                add(out, new GridPoint(m, d, s, n, syn, sc));
              }
            }
          }
        }
      }
    }
    addPoints(out);
    return List.copyOf(out.values());
  }

  private boolean hasNoAxis() {
    return dt.isEmpty()
        && steps.isEmpty()
        && neuron.isEmpty()
        && synapse.isEmpty()
        && scale.isEmpty();
  }

  /** The explicit points, one per model where a point names none. */
  private void addPoints(Map<String, GridPoint> out) {
    for (GridPoint p : points) {
      if (p.model() != null) {
        add(out, p);
      } else {
        for (String m : models) {
          add(out, p.withModel(m));
        }
      }
    }
  }

  private static void add(Map<String, GridPoint> out, GridPoint p) {
    out.putIfAbsent(p.model() + "\n" + p.canonicalSettings(), p);
  }

  private static <T> List<T> orNull(List<T> l) {
    if (l.isEmpty()) {
      List<T> one = new ArrayList<>();
      one.add(null);
      return one;
    }
    return l;
  }

  /**
   * Parses a neuron entry: {@code model} (or null) keeps the model's type; other names must be one
   * of {@link NeuronTypes#NAMES}; errors name {@code path}.
   */
  public static String parseNeuron(String path, String name) {
    if (name == null || name.equals("model")) {
      return null;
    }
    checkNeuron(path, name);
    return name;
  }

  /**
   * Builds an explicit point from config values, validating each with its key path ({@code
   * path.dt}, {@code path.steps}, {@code path.neuron}, {@code path.synapse}, {@code
   * path.scaleFiringRates}).
   *
   * @param synapse as in {@link SynapseSetting#parse}
   * @param scale as in {@link ScaleSetting#parse}
   */
  public static GridPoint parsePoint(
      String path,
      String model,
      Double dt,
      Integer steps,
      String neuron,
      Object synapse,
      Object scale) {
    if (dt != null) {
      checkDt(path + ".dt", dt);
    }
    if (steps != null) {
      checkSteps(path + ".steps", steps);
    }
    return new GridPoint(
        model,
        dt,
        steps,
        parseNeuron(path + ".neuron", neuron),
        SynapseSetting.parse(path + ".synapse", synapse),
        ScaleSetting.parse(path + ".scaleFiringRates", scale));
  }
}
