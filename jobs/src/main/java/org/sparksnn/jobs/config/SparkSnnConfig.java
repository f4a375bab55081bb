package org.sparksnn.jobs.config;

import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.model.ArchitectureConfig;

/**
 * A whole spark-snn run, as in {@code conf/*.yaml}. Each command reads the sections it needs.
 *
 * @param name run name, used in the default output directory {@code runs/<name>}; letters,
 *     digits, '-', '_' and '.'; default {@code run}
 * @param data the dataset (required)
 * @param encode the encode stage; absent = not run
 * @param model the network architecture (for training)
 * @param train the training stage; absent = not run
 * @param sweep the evaluation sweep stage; absent = not run
 * @param loihi the Loihi emulation stage; absent = not run
 * @param output where outputs go
 * @param spark extra Spark settings ({@code spark.*} keys), applied when the session is built
 * @param trainGrid train once per point of a grid over config keys; absent = one model
 */
public record SparkSnnConfig(
    String name,
    DataConfig data,
    EncodeConfig encode,
    ArchitectureConfig model,
    TrainConfig train,
    SweepConfig sweep,
    LoihiConfig loihi,
    OutputConfig output,
    Map<String, String> spark,
    TrainGridConfig trainGrid) {

  /**
   * Lists a user's config may leave out (for a default) but not give empty: an empty grid axis
   * is a mistake, not a request for the default.
   */
  public static final List<String> NON_EMPTY_LISTS =
      List.of(
          "sweep.models",
          "sweep.dt",
          "sweep.steps",
          "sweep.neuron",
          "sweep.synapse",
          "sweep.scaleFiringRates");

  public SparkSnnConfig {
    name = name == null ? "run" : name;
    Checks.check(name.matches("[A-Za-z0-9._-]+"), "name", "must match [A-Za-z0-9._-]+", name);
    Checks.notNull("data", data);
    if (train != null) {
      Checks.check(model != null, "model", "must be set when train is", "absent");
    }
    if (model != null) {
      // layer parameters (lowpass tau, neuron types and their parameters) are checked at load
      // time, so the error names this config file rather than surfacing mid-run
      try {
        org.sparksnn.ops.net.Network.compile(model.toSpec(), org.sparksnn.ops.neuron.NeuronTypes::create);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model: " + e.getMessage(), e);
      }
    }
    if (trainGrid != null) {
      Checks.check(train != null, "train", "must be set when trainGrid is", "absent");
    }
    if (output == null) {
      output = new OutputConfig(null, false, false);
    }
    if (output.dir() == null) {
      output = new OutputConfig("runs/" + name, output.overwrite(), output.breakLock());
    }
    spark = spark == null ? Map.of() : Map.copyOf(spark);
    for (String key : spark.keySet()) {
      Checks.check(key.startsWith("spark."), "spark", "keys must start with 'spark.'", key);
    }
  }

  /** This config without its training grid (one grid point's config). */
  public SparkSnnConfig withoutTrainGrid() {
    return new SparkSnnConfig(name, data, encode, model, train, sweep, loihi, output, spark, null);
  }
}
