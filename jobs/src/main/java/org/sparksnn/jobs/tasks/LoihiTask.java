package org.sparksnn.jobs.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.jobs.config.LoihiConfig;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.report.EnergyEstimate;
import org.sparksnn.loihi.report.ResourceReport;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.data.ImageTables;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.loihi.ChipEvaluation;
import org.sparksnn.pipeline.loihi.ChipModel;
import org.sparksnn.pipeline.loihi.LoihiStage;
import org.sparksnn.pipeline.loihi.ScaleSearch;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.sweep.EvalImages;
import org.sparksnn.pipeline.sweep.GridPoint;
import org.sparksnn.pipeline.sweep.PointNetwork;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Loihi stage of a run: emulates the test split on the chip model of the trained network and
 * writes {@code <output.dir>/loihi}: {@code resources.json} / {@code resources.md} (cores per
 * layer, use of each per-core limit, chips) and {@code summary.md} (accuracy, spikes, energy per
 * inference on Loihi, CPU and GPU).
 */
public final class LoihiTask {
  private static final Logger LOG = LoggerFactory.getLogger(LoihiTask.class);

  private LoihiTask() {}

  /** The Loihi output directory of a run. */
  public static Path outputPath(SparkSnnConfig config) {
    return new Path(config.output().dir(), "loihi");
  }

  /**
   * The spiking Loihi type every activation runs as on the chip: {@code loihi-relu} if all are
   * relu types, {@code loihi-lif} if all are LIF types, else null (keep each; the chip maps them).
   * Swapping it in makes {@code synapse} apply to every layer (it applies to spiking activations).
   */
  static String loihiNeuron(org.sparksnn.ops.net.NetworkSpec spec) {
    boolean relu = false;
    boolean lif = false;
    for (var l : spec.layers()) {
      if (l instanceof org.sparksnn.ops.net.LayerSpec.Activation a) {
        if (a.neuron().contains("lif")) {
          lif = true;
        } else {
          relu = true;
        }
      }
    }
    return relu && !lif ? "loihi-relu" : lif && !relu ? "loihi-lif" : null;
  }

  /** Runs the stage; the caller holds the run's locks ({@link ConfigCommand}). */
  static Path runLocked(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    LoihiConfig lc = config.loihi();
    if (lc == null) {
      throw new ConfigException("config has no 'loihi' section");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DataTask.ensure(config.data(), hadoop);
    if (lc.model() == null && config.trainGrid() != null) {
      throw new ConfigException(
          "loihi.model must be set when trainGrid is: which of the grid's models to emulate, e.g. "
              + TrainGridTask.defaultModels(config).get(0));
    }
    Path modelDir = lc.model() == null ? TrainTask.outputPath(config) : new Path(lc.model());
    LoadedModel model = ModelDirectory.read(modelDir, hadoop);
    InputChecks.imagesFitModel(
        new Path(config.data().dir(), IdxFiles.TEST.images()),
        IdxDataset.read(new Path(config.data().dir()), IdxFiles.TEST, hadoop).images(),
        model.spec(),
        "the input of model " + model.location(),
        hadoop);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    lc.blockShapes().forEach((k, v) -> shapes.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    ScaleSetting scale = lc.scaleSetting();
    ScaleSearch.Result search = null;
    if (lc.targetRate() != null) {
      long ts = System.nanoTime();
      IdxDataset.Split train =
          IdxDataset.read(new Path(config.data().dir()), IdxFiles.TRAIN, hadoop);
      EvalImages sample =
          EvalImages.of(train.images(), train.labels(), IdxFiles.TRAIN.idOffset(), lc.scaleSamples());
      float[][] px = new float[sample.count()][sample.imageSize()];
      for (int i = 0; i < px.length; i++) {
        sample.intensities(i, px[i], 0);
      }
      search = ScaleSearch.search(
          model.spec(), model.weights(), sample.ids(), px, lc.targetRate(), ScaleSearch.LOIHI);
      scale = ScaleSetting.perLayer(search.scales());
      LOG.info("loihi: scales for a {} Hz mean rate (on {} training images, {} s): {}; rates {}",
          lc.targetRate(), px.length, String.format("%.1f", (System.nanoTime() - ts) / 1e9),
          search.scales(), search.ratesHz());
    }
    PointNetwork.Prepared prepared =
        PointNetwork.prepare(
            model.spec(),
            model.weights(),
            new GridPoint(null, null, null, loihiNeuron(model.spec()), lc.synapseSetting(), scale),
            NeuronTypes::create);
    ChipModel chip =
        ChipModel.of(prepared.spec(), prepared.params(), shapes, "loihi.blockShapes");
    SpikeEncoder encoder = null;
    if (chip.input() == null) {
      if (config.encode() == null) {
        throw noHostInput();
      }
      encoder = TrainTask.encoder(config, model.spec());
    }
    int steps =
        lc.steps() != null ? lc.steps() : encoder != null ? encoder.steps() : model.spec().steps();
    ResourceReport resources =
        new ResourceReport(CoreMapper.map(chip.network(), ChipLimits.loihi()), ChipLimits.loihi());
    LoihiStage stage =
        new LoihiStage(
            prepared.spec(),
            prepared.params(),
            shapes,
            encoder,
            steps,
            lc.strict() ? Strictness.FAIL : Strictness.WARN,
            lc.backend().equals("simreal"),
            lc.batch());
    Integer limit = config.data().testLimit();
    Dataset<Row> test =
        ImageTables.fromIdx(
            spark, new Path(config.data().dir()), IdxFiles.TEST, limit == null ? 0 : limit, lc.partitions());
    long t0 = System.nanoTime();
    ChipEvaluation.Tally tally = stage.run(test);
    double secs = (System.nanoTime() - t0) / 1e9;
    EnergyEstimate energy = tally.energyPerInference(steps);
    double accuracy = (double) tally.correct() / tally.images();
    LOG.info(
        "loihi ({}): accuracy {} on {} images, {} steps; {} cores on {} chip(s); {} image-steps/s"
            + " (stage wall), {} per emulation-second of a task (one core)",
        lc.backend(),
        String.format("%.4f", accuracy),
        tally.images(),
        steps,
        resources.totalCores(),
        resources.chips(),
        String.format("%.0f", tally.images() * steps / secs),
        String.format("%.0f", tally.imageStepsPerEmulationSecond(steps)));

    StringBuilder md = new StringBuilder();
    md.append("# Loihi emulation\n\n")
        .append("| quantity | value |\n|---|---|\n")
        .append("| backend | ").append(lc.backend()).append(" |\n")
        .append("| model | ").append(model.location()).append(" |\n")
        .append("| images | ").append(tally.images()).append(" |\n")
        .append("| steps per image | ").append(steps).append(" |\n")
        .append("| host input | ")
        .append(chip.input() == null ? "encoder spikes"
            : "off-chip layer '" + chip.input().layerName() + "' (" + chip.input().size()
                + " neurons)")
        .append(" |\n")
        .append("| readout | ")
        .append(chip.readout() == null ? "most active neuron"
            : chip.filteredReadout()
                ? "off-chip dense on the last layer's spikes, lowpass " + chip.readout().tau()
                    + " s, last step"
                : "off-chip dense on the last layer's mean rate")
        .append(" |\n")
        .append("| synapse | ").append(lc.synapseSetting().label()).append(" |\n")
        .append("| scaleFiringRates | ")
        .append(lc.targetRate() == null ? scale.label()
            : "target " + lc.targetRate() + " Hz: " + scale.label())
        .append(" |\n")
        .append("| accuracy | ").append(String.format("%.4f", accuracy)).append(" |\n")
        .append("| cores / chips | ").append(resources.totalCores()).append(" / ").append(resources.chips()).append(" |\n")
        .append("| register overflow warnings | ").append(tally.overflowWarnings()).append(" |\n");
    List<String> layers = chip.network().layers().stream().map(l -> l.name()).toList();
    for (int k = 0; k < layers.size(); k++) {
      int n = chip.network().layers().get(k).size();
      double rate = tally.spikesPerLayer()[k] / (double) tally.images() / n / (steps * chip.network().dt());
      md.append("| mean rate (all neurons) of '").append(layers.get(k)).append("' (Hz) | ")
          .append(String.format("%.2f", rate)).append(" |\n");
    }
    md.append(String.format("| energy per inference: Loihi | %.3g J |%n", energy.loihiJoules()))
        .append(String.format("| energy per inference: CPU | %.3g J |%n", energy.cpuJoules()))
        .append(String.format("| energy per inference: GPU | %.3g J |%n", energy.gpuJoules()))
        .append(String.format("| emulation time (stage wall) | %.1f s |%n", secs))
        .append(String.format("| image-steps per second, per core (task emulation time) | %.0f |%n",
            tally.imageStepsPerEmulationSecond(steps)))
        .append("\n## Chip resources\n\n")
        .append(resources.toMarkdown());

    OutputDir out = OutputDir.create(outputPath(config), hadoop, config.output().overwrite());
    try {
      EncodeTask.writeText(out.tempPath(), "summary.md", md.toString(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resources.json", resources.toJson(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resources.md", resources.toMarkdown(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resolved-config.yaml", resolvedYaml, hadoop);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    return out.finalPath();
  }

  /**
   * Fails before any work if the stage will emulate this config's own model (no {@code
   * loihi.model}, no training grid), that model has no off-chip to-spikes layer and the config no
   * encode section to drive the chip with.
   */
  static void checkHostInput(SparkSnnConfig config) {
    boolean ownModel = config.loihi().model() == null && config.trainGrid() == null;
    if (ownModel && config.model() != null && config.encode() == null
        && !ChipModel.hasOffChipInput(config.model().toSpec())) {
      throw noHostInput();
    }
  }

  private static ConfigException noHostInput() {
    return new ConfigException(
        "loihi: the model has no off-chip to-spikes layer, so the host input needs a spike"
            + " encoder: add an encode section (rate, poisson, regular or latency)");
  }
}
