package org.sparksnn.jobs.config;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.sweep.EnergyDevice;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SweepGrid;
import org.sparksnn.pipeline.sweep.SweepOptions;
import org.sparksnn.pipeline.sweep.SynapseSetting;

/**
 * The evaluation sweep stage: the cartesian product of the value lists plus explicit points,
 * evaluated on a data split; results in {@code <output>/results} (Parquet, CSV, plots, report.md),
 * finished points in {@code <output>/points} (a re-run computes only missing points). Every value
 * is validated when the config is read; errors name the key path, e.g. {@code sweep.dt[1] must be >
 * 0, got -0.001}.
 *
 * <pre>
 * sweep:
 *   models: [runs/a/model, runs/b/model]
 *   dt: [0.001, 0.002]
 *   steps: [10, 50, 200]
 *   neuron: [model, spiking-relu, lif]
 *   synapse: [none, 0.005, {act0: 0.01}]
 *   scaleFiringRates: [1, 10, {act0: 20}]
 *   points: [{neuron: loihi-relu, steps: 100, synapse: 0.005}]
 * </pre>
 *
 * @param models model directories; default {@code [<output.dir>/model]}, or with a {@code
 *     trainGrid} every model of the grid
 * @param dt time steps, s, each &gt; 0; default the model's
 * @param steps steps per image, each ≥ 1; default the model's
 * @param neuron neuron types swapped into every activation ({@code model} = keep); default keep
 * @param synapse per entry {@code none}, a lowpass tau in s (after every spiking activation) or a
 *     map {@code {activation: tau}}; the map may also name the last (readout) layer, which filters
 *     the output like a nengo probe with a synapse, e.g. {@code {out: 0.1}}; default none
 * @param scaleFiringRates per entry {@code model}, a number &gt; 0 for every activation, a map
 *     {@code {activation: scale}}, or {@code {targetRate: Hz, rateCurve: evaluated|model}} (per-layer
 *     scales searched for that mean rate before the sweep); default the model's
 * @param points explicit extra points; a point without {@code model} applies to every model
 * @param split {@code test} (default) or {@code train}
 * @param limit evaluate only the first {@code limit} images, ≥ 0; default 0 = the data section's
 *     limit of the split ({@code data.testLimit} or {@code data.trainLimit}), else all
 * @param batch images evaluated at once per task, ≥ 1; default 64
 * @param partitions data partitions (tasks) per grid point, ≥ 0; default 0 = Spark's parallelism
 * @param concurrentPoints grid points (or groups of points sharing layers) evaluated at the same
 *     time, ≥ 1; default 2
 * @param shareLayers evaluate the points of one model that have leading layers in common (e.g.
 *     the first dense layer for every point, and the spiking layer after it for the points of one
 *     rate scale) in one job that runs those layers once; the same results bit for bit; default
 *     true
 * @param examples images whose output over time is plotted, ≥ 0; default 3
 * @param devices energy-estimate devices; default cpu, gpu, loihi (keras-spiking's constants)
 * @param output output directory; default {@code <output.dir>/sweep}
 * @param input what feeds the networks: {@code encoder} (the encode section's spike encoder, as in
 *     training, at each point's steps with its spike probability per step kept) or {@code
 *     time-tile} (the intensities {@code pixel/255} at every step); default {@code encoder} when
 *     the config has an encode section with a spike encoder, else {@code time-tile}
 */
public record SweepConfig(
    List<String> models,
    List<Double> dt,
    List<Integer> steps,
    List<String> neuron,
    List<Object> synapse,
    List<Object> scaleFiringRates,
    List<PointConfig> points,
    String split,
    Integer limit,
    Integer batch,
    Integer partitions,
    Integer concurrentPoints,
    Boolean shareLayers,
    Integer examples,
    List<DeviceConfig> devices,
    String output,
    String input) {

  /** The {@code input} values. */
  public static final List<String> INPUTS = List.of("encoder", "time-tile");

  public SweepConfig {
    models = models == null ? List.of() : List.copyOf(models);
    dt = dt == null ? List.of() : new ArrayList<>(dt);
    steps = steps == null ? List.of() : new ArrayList<>(steps);
    neuron = neuron == null ? List.of() : new ArrayList<>(neuron);
    synapse = synapse == null ? List.of() : new ArrayList<>(synapse);
    scaleFiringRates = scaleFiringRates == null ? List.of() : new ArrayList<>(scaleFiringRates);
    points = points == null ? List.of() : List.copyOf(points);
    split = split == null ? "test" : split;
    Checks.check(
        split.equals("test") || split.equals("train"), "split", "must be test or train", split);
    limit = limit == null ? 0 : limit;
    Checks.nonNegative("limit", limit);
    batch = batch == null ? 64 : batch;
    Checks.positive("batch", batch);
    partitions = partitions == null ? 0 : partitions;
    Checks.nonNegative("partitions", partitions);
    concurrentPoints = concurrentPoints == null ? 2 : concurrentPoints;
    Checks.positive("concurrentPoints", concurrentPoints);
    shareLayers = shareLayers == null ? Boolean.TRUE : shareLayers;
    examples = examples == null ? 3 : examples;
    Checks.nonNegative("examples", examples);
    devices = devices == null ? null : List.copyOf(devices);
    Checks.check(
        input == null || INPUTS.contains(input),
        "input",
        "must be " + String.join(" or ", INPUTS),
        "'" + input + "'");
    // validate every value now, with its key path, before any work
    grid(models, dt, steps, neuron, synapse, scaleFiringRates, points, List.of("model"));
    options(batch, partitions, concurrentPoints, shareLayers, examples, devices);
  }

  /**
   * The grid; {@code defaultModel} (e.g. {@code <output.dir>/model}) is used when {@code models} is
   * empty.
   */
  public SweepGrid toGrid(String defaultModel) {
    return toGrid(List.of(defaultModel));
  }

  /**
   * The grid; {@code defaultModels} (e.g. the models of a training grid) are used when {@code
   * models} is empty.
   */
  public SweepGrid toGrid(List<String> defaultModels) {
    return grid(models, dt, steps, neuron, synapse, scaleFiringRates, points, defaultModels);
  }

  private static SweepGrid grid(
      List<String> models,
      List<Double> dt,
      List<Integer> steps,
      List<String> neuron,
      List<Object> synapse,
      List<Object> scaleFiringRates,
      List<PointConfig> points,
      List<String> defaultModels) {
    List<String> neurons = new ArrayList<>();
    for (int i = 0; i < neuron.size(); i++) {
      neurons.add(SweepGrid.parseNeuron("neuron[" + i + "]", neuron.get(i)));
    }
    List<SynapseSetting> syn = new ArrayList<>();
    for (int i = 0; i < synapse.size(); i++) {
      syn.add(SynapseSetting.parse("synapse[" + i + "]", synapse.get(i)));
    }
    List<ScaleSetting> sc = new ArrayList<>();
    for (int i = 0; i < scaleFiringRates.size(); i++) {
      sc.add(ScaleSetting.parse("scaleFiringRates[" + i + "]", scaleFiringRates.get(i)));
    }
    List<GridPoint> pts = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      PointConfig p = points.get(i);
      Checks.notNull("points[" + i + "]", p);
      pts.add(
          SweepGrid.parsePoint(
              "points[" + i + "]",
              p.model(),
              p.dt(),
              p.steps(),
              p.neuron(),
              p.synapse(),
              p.scaleFiringRates()));
    }
    List<String> m = models.isEmpty() ? defaultModels : models;
    return new SweepGrid(m, dt, steps, neurons, syn, sc, pts);
  }

  /** The run options. */
  public SweepOptions toOptions() {
    return options(batch, partitions, concurrentPoints, shareLayers, examples, devices);
  }

  private static SweepOptions options(
      int batch,
      int partitions,
      int concurrentPoints,
      boolean shareLayers,
      int examples,
      List<DeviceConfig> devices) {
    List<EnergyDevice> devs = null;
    if (devices != null) {
      devs = new ArrayList<>();
      for (int i = 0; i < devices.size(); i++) {
        DeviceConfig d = devices.get(i);
        Checks.notNull("devices[" + i + "]", d);
        try {
          devs.add(d.toDomain());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "devices[" + i + "]." + e.getMessage().replaceFirst("^EnergyDevice\\.", ""), e);
        }
      }
    }
    return new SweepOptions(
        batch, partitions, concurrentPoints, examples, devs, null, shareLayers);
  }

  /** The output directory: {@code output}, or {@code <runOutputDir>/sweep}. */
  public String outputDir(String runOutputDir) {
    return output != null ? output : runOutputDir + "/sweep";
  }

  /**
   * An explicit grid point; absent values keep the model's (synapse: none).
   *
   * @param model model directory (must be one of {@code models}); absent = every model
   * @param dt time step, s, &gt; 0
   * @param steps steps per image, ≥ 1
   * @param neuron neuron type or {@code model}
   * @param synapse {@code none}, a tau in s, or {@code {activation: tau}}
   * @param scaleFiringRates {@code model}, a number &gt; 0, {@code {activation: scale}}, or {@code
   *     {targetRate: Hz, rateCurve: evaluated|model}}
   */
  public record PointConfig(
      String model,
      Double dt,
      Integer steps,
      String neuron,
      Object synapse,
      Object scaleFiringRates) {}

  /**
   * A device of the energy estimate.
   *
   * @param name column suffix ({@code [a-z0-9_]+}), e.g. {@code loihi}
   * @param spiking event-based synaptic ops (true) or every synapse every step (false, default)
   * @param joulesPerSynop energy per synaptic op, J, ≥ 0
   * @param joulesPerNeuronUpdate energy per neuron update, J, ≥ 0; default 0
   */
  public record DeviceConfig(
      String name, Boolean spiking, double joulesPerSynop, Double joulesPerNeuronUpdate) {
    /** The domain device. */
    public EnergyDevice toDomain() {
      return new EnergyDevice(
          name,
          spiking != null && spiking,
          joulesPerSynop,
          joulesPerNeuronUpdate == null ? 0.0 : joulesPerNeuronUpdate);
    }
  }
}
