package org.sparksnn.jobs.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.yaml.KeyConflict;

/**
 * A whole spark-snn run, as in {@code conf/*.yaml}. Each command reads the sections it needs.
 *
 * @param name run name, used in the default output directory {@code runs/<name>}; letters,
 *     digits, '-', '_' and '.'; default {@code run}
 * @param data the dataset (required)
 * @param encode the encode stage; absent = not run. When the model is trained, it trains on this
 *     encoder's spikes: {@code encode.encoder.steps} must equal {@code model.steps}, and for the
 *     poisson encoder (whose spike probability per step is rate·dt) {@code encode.dt} must equal
 *     {@code model.dt}
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
    if (encode != null && model != null && train != null) {
      encoderFitsModel(encode, model);
    }
    if (trainGrid != null) {
      Checks.check(train != null, "train", "must be set when trainGrid is", "absent");
    }
    if (loihi != null && model != null && train != null && trainGrid == null
        && loihi.model() == null) {
      blockShapesNameLayers(loihi, model);
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

  /**
   * Requires the encoder the model trains on to step as the model does: the same number of steps
   * and, for the poisson encoder, the same dt (the other encoders' spikes do not depend on dt).
   */
  private static void encoderFitsModel(EncodeConfig encode, ArchitectureConfig model) {
    if (encode.encoder().steps() != model.steps()) {
      throw new KeyConflict(
          "encode.encoder.steps",
          encode.encoder().steps(),
          "must equal",
          "model.steps",
          model.steps());
    }
    if (encode.encoder() instanceof EncoderConfig.Poisson && encode.dt() != model.dt()) {
      throw new KeyConflict("encode.dt", encode.dt(), "must equal", "model.dt", model.dt());
    }
  }

  /**
   * Requires every {@code loihi.blockShapes} name to be a conv2d, dense or activation layer of the
   * model this config trains (and the loihi stage then maps), so a misspelled name fails at load
   * time rather than after training. Whether the layer runs on chip is checked when it is mapped.
   */
  private static void blockShapesNameLayers(LoihiConfig loihi, ArchitectureConfig model) {
    List<String> names = new ArrayList<>();
    for (LayerSpec l : model.toSpec().layers()) {
      if (l instanceof LayerSpec.Conv2d || l instanceof LayerSpec.Dense
          || l instanceof LayerSpec.Activation) {
        names.add(l.name());
      }
    }
    for (String name : loihi.blockShapes().keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("loihi.blockShapes: no layer '" + name
            + "' in the model section; its conv2d, dense and activation layers: "
            + String.join(", ", names));
      }
    }
  }

  /** This config without its training grid (one grid point's config). */
  public SparkSnnConfig withoutTrainGrid() {
    return new SparkSnnConfig(name, data, encode, model, train, sweep, loihi, output, spark, null);
  }
}
