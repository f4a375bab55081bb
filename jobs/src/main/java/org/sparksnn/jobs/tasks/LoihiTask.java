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
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.data.ImageTables;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.loihi.ChipEvaluation;
import org.sparksnn.pipeline.loihi.ChipModel;
import org.sparksnn.pipeline.loihi.LoihiStage;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
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

  /** Emulates and writes the outputs; returns the output directory. */
  public static Path run(SparkSession spark, SparkSnnConfig config, String resolvedYaml) {
    LoihiConfig lc = config.loihi();
    if (lc == null) {
      throw new ConfigException("config has no 'loihi' section");
    }
    if (config.encode() == null) {
      throw new ConfigException(
          "loihi: the host input needs a spike encoder: add an encode section (rate, poisson,"
              + " regular or latency)");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    DataTask.ensure(config.data(), hadoop);
    Path modelDir = lc.model() == null ? TrainTask.outputPath(config) : new Path(lc.model());
    LoadedModel model = ModelDirectory.read(modelDir, hadoop);
    SpikeEncoder encoder = TrainTask.encoder(config, model.spec());
    Map<String, int[]> shapes = new LinkedHashMap<>();
    lc.blockShapes().forEach((k, v) -> shapes.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    ChipModel chip = ChipModel.of(model.spec(), model.weights(), shapes);
    ResourceReport resources =
        new ResourceReport(CoreMapper.map(chip.network(), ChipLimits.loihi()), ChipLimits.loihi());
    LoihiStage stage =
        new LoihiStage(
            model.spec(),
            model.weights(),
            shapes,
            encoder,
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
    int steps = encoder.steps();
    EnergyEstimate energy = tally.energyPerInference(steps);
    double accuracy = (double) tally.correct() / tally.images();
    LOG.info(
        "loihi ({}): accuracy {} on {} images, {} steps; {} cores on {} chip(s); {} image-steps/s",
        lc.backend(),
        String.format("%.4f", accuracy),
        tally.images(),
        steps,
        resources.totalCores(),
        resources.chips(),
        String.format("%.0f", tally.images() * steps / secs));

    StringBuilder md = new StringBuilder();
    md.append("# Loihi emulation\n\n")
        .append("| quantity | value |\n|---|---|\n")
        .append("| backend | ").append(lc.backend()).append(" |\n")
        .append("| model | ").append(model.location()).append(" |\n")
        .append("| images | ").append(tally.images()).append(" |\n")
        .append("| steps per image | ").append(steps).append(" |\n")
        .append("| accuracy | ").append(String.format("%.4f", accuracy)).append(" |\n")
        .append("| cores / chips | ").append(resources.totalCores()).append(" / ").append(resources.chips()).append(" |\n")
        .append("| register overflow warnings | ").append(tally.overflowWarnings()).append(" |\n");
    List<String> layers = chip.network().layers().stream().map(l -> l.name()).toList();
    for (int k = 0; k < layers.size(); k++) {
      int n = chip.network().layers().get(k).size();
      double rate = tally.spikesPerLayer()[k] / (double) tally.images() / n / (steps * chip.network().dt());
      md.append("| mean rate of '").append(layers.get(k)).append("' (Hz) | ")
          .append(String.format("%.2f", rate)).append(" |\n");
    }
    md.append(String.format("| energy per inference: Loihi | %.3g J |%n", energy.loihiJoules()))
        .append(String.format("| energy per inference: CPU | %.3g J |%n", energy.cpuJoules()))
        .append(String.format("| energy per inference: GPU | %.3g J |%n", energy.gpuJoules()))
        .append(String.format("| emulation time | %.1f s |%n", secs))
        .append("\n## Chip resources\n\n")
        .append(resources.toMarkdown());

    OutputDir out = OutputDir.create(outputPath(config), hadoop, config.output().overwrite());
    try {
      EncodeTask.writeText(out.tempPath(), "summary.md", md.toString(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resources.json", resources.toJson(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resources.md", resources.toMarkdown(), hadoop);
      EncodeTask.writeText(out.tempPath(), "resolved-config.yaml", resolvedYaml, hadoop);
      out.commit();
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
    return out.finalPath();
  }
}
