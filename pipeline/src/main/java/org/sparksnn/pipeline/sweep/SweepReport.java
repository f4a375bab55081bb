package org.sparksnn.pipeline.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.pipeline.io.PathErrors;
import org.sparksnn.pipeline.report.PngCharts;
import org.sparksnn.pipeline.report.Series;

/**
 * The sweep's plots (PNG) and {@code report.md}: accuracy against each swept parameter (one line
 * per combination of the other swept parameters), accuracy after each step (time to decision), and,
 * for the most accurate point, a firing-rate histogram per activation layer and the output over
 * time of the example images. A chart draws at most {@link #MAX_SERIES} lines, chosen by {@link
 * #chooseSeries}; its title and the report say how many of how many are shown.
 */
final class SweepReport {
  /** At most this many lines per chart. */
  static final int MAX_SERIES = 10;

  /** At most this many names of lines not drawn are listed in the report, per chart. */
  private static final int MAX_LISTED_OMISSIONS = 12;

  private final List<PointResult> results;
  private final ResultsTable table;
  private final int images;
  private final String input;
  /** Each model's name in the charts: its short name while those tell the models apart. */
  private final Map<String, String> modelNames;
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  SweepReport(List<PointResult> results, ResultsTable table, int images) {
    this(results, table, images, "time-tiled intensities");
  }

  /** @param input what fed the networks, as {@link SweepOptions#inputLabel()} names it */
  SweepReport(List<PointResult> results, ResultsTable table, int images, String input) {
    this.results = List.copyOf(results);
    this.table = table;
    this.images = images;
    this.input = input;
    this.modelNames = ModelNames.of(results.stream().map(PointResult::model).toList());
  }

  /** The best point: highest accuracy, the first one on ties. */
  static PointResult best(List<PointResult> results) {
    PointResult best = results.get(0);
    for (PointResult r : results) {
      if (r.accuracy() > best.accuracy()) {
        best = r;
      }
    }
    return best;
  }

  /** Renders the plots and the report and writes them into {@code dir}. */
  void write(Path dir, Configuration conf) {
    String md = render();
    files.put("report.md", md.getBytes(StandardCharsets.UTF_8));
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        try (OutputStream out = fs.create(new Path(dir, e.getKey()), true)) {
          out.write(e.getValue());
        }
      }
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "write the sweep report", e);
    } catch (FSError e) {
      throw PathErrors.failure(dir, conf, "write the sweep report", e);
    }
  }

  /** The report text; fills {@link #files} with the plots it references. */
  String render() {
    StringBuilder md = new StringBuilder("# Evaluation sweep\n\n");
    PointResult best = best(results);
    md.append(
        String.format(
            Locale.ROOT,
            "%d grid points, %d images each, fed %s. Best accuracy %.4f: %s.%n%n",
            results.size(),
            images,
            input,
            best.accuracy(),
            describe(best)));
    md.append("Full table: `results.csv` / `results.parquet` (per-layer firing rates, ")
        .append("accuracy after every step).\n\n");
    appendTable(md);
    appendModelSpread(md);

    List<SweepAxis> swept = new ArrayList<>();
    for (SweepAxis a : SweepAxis.values()) {
      if (results.stream().map(a::label).distinct().count() > 1) {
        swept.add(a);
      }
    }
    if (!swept.isEmpty()) {
      md.append("## Accuracy vs swept parameters\n\n");
      for (SweepAxis a : swept) {
        String name = "accuracy-vs-" + a.column().replace('_', '-') + ".png";
        Map<String, List<PointResult>> groups = seriesGroups(a, swept);
        List<String> shown = chooseSeries(groups, MAX_SERIES);
        files.put(name, accuracyVs(a, groups, shown));
        md.append("![accuracy vs ").append(a.column()).append("](").append(name).append(")\n\n");
        appendOmissions(md, groups, shown);
        List<String> labels = categories(a);
        if (!isNumeric(a)) {
          md.append("x axis: ");
          for (int i = 0; i < labels.size(); i++) {
            md.append(i == 0 ? "" : ", ")
                .append(i)
                .append(" = `")
                .append(labels.get(i))
                .append('`');
          }
          md.append("\n\n");
        }
      }
    }

    md.append("## Time to decision\n\n");
    files.put("accuracy-vs-step.png", accuracyVsStep());
    md.append("![accuracy vs step](accuracy-vs-step.png)\n\n");
    if (results.size() > MAX_SERIES) {
      md.append(
          String.format(
              Locale.ROOT,
              "*The %d most accurate of %d points shown; every point's accuracy after each step is"
                  + " in `results.csv` (`accuracy_per_step`).*%n%n",
              MAX_SERIES,
              results.size()));
    }

    md.append("## Firing rates (best point)\n\n");
    md.append(
        "| layer | neuron | neurons | active | min Hz | mean Hz | max Hz | spikes/neuron/step |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (LayerStats l : best.layers()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f%% | %.2f | %.2f | %.2f | %.4f |%n",
              l.name(),
              l.neuron(),
              l.neurons(),
              100 * l.activeFraction(),
              l.rateMinHz(),
              l.rateMeanHz(),
              l.rateMaxHz(),
              l.spikesPerNeuronPerStep()));
    }
    md.append('\n');
    for (LayerStats l : best.layers()) {
      String name = "rates-" + safe(l.name()) + ".png";
      files.put(name, histogram(l));
      md.append("![firing rates of ").append(l.name()).append("](").append(name).append(")\n\n");
    }

    if (!best.examples().isEmpty()) {
      md.append("## Output over time (best point)\n\n");
      for (ExampleTrace e : best.examples()) {
        String name = "output-" + e.id() + ".png";
        files.put(name, outputOverTime(e));
        md.append("![output over time of image ")
            .append(e.id())
            .append("](")
            .append(name)
            .append(")\n\n");
      }
    }

    md.append("## Definitions\n\n")
        .append("- `accuracy`: the model's readout after the last step; `accuracy_last_step`: ")
        .append("the output of the last step; `accuracy_mean_over_steps`: the output averaged ")
        .append("over all steps; `accuracy_lowpass`: the output through the synapse's lowpass ")
        .append("(global synapse only).\n")
        .append("- Firing rate of a neuron: spikes / (images · steps · dt), Hz; min and mean ")
        .append("over active neurons (rate > 0).\n")
        .append("- SynOps per inference: spikes into a layer × its mean fan-out (every synapse ")
        .append("every step where the input is not spikes); dense SynOps: every synapse every ")
        .append("step. Energy per inference: SynOps × energy per synop + neuron updates × ")
        .append("energy per update, with event SynOps on spiking devices and dense SynOps on ")
        .append("the others. Devices: ");
    List<EnergyDevice> devices = table.devices();
    for (int i = 0; i < devices.size(); i++) {
      EnergyDevice d = devices.get(i);
      md.append(i == 0 ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%s %.3g J/synop, %.3g J/neuron update%s",
                  d.name(),
                  d.joulesPerSynop(),
                  d.joulesPerNeuronUpdate(),
                  d.spiking() ? " (spiking)" : ""));
    }
    md.append(".\n");
    return md.toString();
  }

  private void appendTable(StringBuilder md) {
    md.append(
            "| key | model | dt | steps | neuron | synapse | scale | accuracy | last step | mean ")
        .append("| lowpass | SynOps/inf |");
    for (EnergyDevice d : table.devices()) {
      md.append(" ").append(d.name()).append(" J/inf |");
    }
    md.append(" s |\n|---|---|---:|---:|---|---|---|---:|---:|---:|---:|---:|");
    md.append("---:|".repeat(table.devices().size())).append("---:|\n");
    for (PointResult r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %s | %s | %d | %s | %s | %s | %.4f | %.4f | %.4f | %s | %.4g |",
              r.key(),
              r.model(),
              r.dt(),
              r.steps(),
              r.neuron(),
              r.synapse(),
              r.scale(),
              r.accuracy(),
              r.accuracyLastStep(),
              r.accuracyMean(),
              r.accuracyLowpass() == null
                  ? "–"
                  : String.format(Locale.ROOT, "%.4f", r.accuracyLowpass()),
              r.synopsPerInference()));
      for (EnergyDevice d : table.devices()) {
        md.append(String.format(Locale.ROOT, " %.4g |", r.energy(d)));
      }
      md.append(String.format(Locale.ROOT, " %.2f |%n", r.seconds()));
    }
    md.append(
        "\n*s*: seconds of the point's Spark job; points evaluated in one job, which compute the"
            + " layers they share once (`sweep.shareLayers`), have equal shares of it.\n\n");
  }

  /** With two models or more: each setting's accuracy over the models ({@link ModelSpread}). */
  private void appendModelSpread(StringBuilder md) {
    List<ModelSpread> spreads = ModelSpread.of(results);
    if (spreads.isEmpty()) {
      return;
    }
    files.put("model-spread.csv", ModelSpread.csv(spreads).getBytes(StandardCharsets.UTF_8));
    long models = results.stream().map(PointResult::model).distinct().count();
    md.append("## Spread over the models\n\n")
        .append(models)
        .append(" models. For each setting evaluated on two of them or more: the mean and sample ")
        .append("standard deviation of its accuracy, and the lowest and highest with their model. ")
        .append("Over the models of a training grid on `train.seed`, this is how far a figure ")
        .append("moves with the training run. Table: `model-spread.csv`.\n\n")
        .append("| dt | steps | neuron | synapse | scale | models | accuracy mean ± sd | min | ")
        .append("max | mean over steps: mean ± sd |\n")
        .append("|---:|---:|---|---|---|---:|---:|---:|---:|---:|\n");
    for (ModelSpread s : spreads) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %d | %.4f ± %.4f | %.4f (%s) | %.4f (%s) | %.4f ± %.4f |%n",
              s.dt(),
              s.steps(),
              s.neuron(),
              s.synapse(),
              s.scale(),
              s.models(),
              s.mean(),
              s.sd(),
              s.min(),
              s.minModel(),
              s.max(),
              s.maxModel(),
              s.meanOverStepsMean(),
              s.meanOverStepsSd()));
    }
    md.append('\n');
  }

  private boolean isNumeric(SweepAxis a) {
    return results.stream().allMatch(r -> Double.isFinite(a.numeric(r)));
  }

  private List<String> categories(SweepAxis a) {
    return results.stream().map(r -> label(a, r)).distinct().toList();
  }

  /** The value of {@code axis} in {@code r} as charts show it (models by their short names). */
  private String label(SweepAxis axis, PointResult r) {
    return axis == SweepAxis.MODEL ? modelNames.get(r.model()) : axis.label(r);
  }

  /**
   * The points of each line of the accuracy-vs-{@code axis} chart, by line name: one line per
   * combination of the other swept parameters ({@code "all"} if there are none), in grid order.
   */
  private Map<String, List<PointResult>> seriesGroups(SweepAxis axis, List<SweepAxis> swept) {
    Map<String, List<PointResult>> groups = new LinkedHashMap<>();
    for (PointResult r : results) {
      StringBuilder name = new StringBuilder();
      for (SweepAxis other : swept) {
        if (other != axis) {
          name.append(name.length() == 0 ? "" : ", ")
              .append(other.column())
              .append('=')
              .append(label(other, r));
        }
      }
      groups
          .computeIfAbsent(name.length() == 0 ? "all" : name.toString(), k -> new ArrayList<>())
          .add(r);
    }
    return groups;
  }

  /**
   * The lines a chart draws, in their order in {@code groups}: all of them if there are at most
   * {@code max}; otherwise, ranking the lines by their highest accuracy (ties in grid order), first
   * each model's top line when the lines belong to two models or more (so no model vanishes; at
   * most {@code max} models, the best first), then the remaining slots at evenly spaced ranks of
   * the others, their most and least accurate included, so the chart still spans the range.
   */
  static List<String> chooseSeries(Map<String, List<PointResult>> groups, int max) {
    List<String> names = new ArrayList<>(groups.keySet());
    if (names.size() <= max) {
      return names;
    }
    Map<String, Double> peak = new LinkedHashMap<>();
    for (String n : names) {
      peak.put(n, groups.get(n).stream().mapToDouble(PointResult::accuracy).max().orElse(0));
    }
    List<String> ranked = new ArrayList<>(names);
    ranked.sort(Comparator.comparingDouble((String n) -> peak.get(n)).reversed());
    Set<String> chosen = new LinkedHashSet<>();
    if (linesPerModel(groups)) {
      Set<String> covered = new HashSet<>();
      for (String n : ranked) {
        if (covered.add(groups.get(n).get(0).model()) && chosen.size() < max) {
          chosen.add(n);
        }
      }
    }
    List<String> rest = new ArrayList<>(ranked);
    rest.removeAll(chosen);
    int k = max - chosen.size();
    for (int i = 0; i < k; i++) {
      int rank = k == 1 ? 0 : (int) Math.round(i * (rest.size() - 1) / (double) (k - 1));
      chosen.add(rest.get(rank));
    }
    return names.stream().filter(chosen::contains).toList();
  }

  /**
   * True if the points belong to two models or more and every line to one of them (false for the
   * chart against the model, whose lines mix the models).
   */
  private static boolean linesPerModel(Map<String, List<PointResult>> groups) {
    Set<String> models = new HashSet<>();
    for (List<PointResult> g : groups.values()) {
      if (g.stream().map(PointResult::model).distinct().count() > 1) {
        return false;
      }
      models.add(g.get(0).model());
    }
    return models.size() > 1;
  }

  /** Under a chart that does not draw every line: how many it draws, how chosen, which not. */
  private static void appendOmissions(
      StringBuilder md, Map<String, List<PointResult>> groups, List<String> shown) {
    if (shown.size() == groups.size()) {
      return;
    }
    List<String> omitted = new ArrayList<>(groups.keySet());
    omitted.removeAll(shown);
    md.append(
        String.format(
            Locale.ROOT,
            "*%d of %d lines shown*: ranked by their highest accuracy, %slines at evenly spaced"
                + " ranks (the most and least accurate included). Not shown: ",
            shown.size(),
            groups.size(),
            linesPerModel(groups) ? "each model's top line, then " : ""));
    for (int i = 0; i < Math.min(omitted.size(), MAX_LISTED_OMISSIONS); i++) {
      md.append(i == 0 ? "" : "; ").append('`').append(omitted.get(i)).append('`');
    }
    if (omitted.size() > MAX_LISTED_OMISSIONS) {
      md.append(" and ").append(omitted.size() - MAX_LISTED_OMISSIONS).append(" more");
    }
    md.append(". Every point is in `results.csv`.\n\n");
  }

  private byte[] accuracyVs(
      SweepAxis axis, Map<String, List<PointResult>> groups, List<String> shown) {
    boolean numeric = isNumeric(axis);
    List<String> cats = categories(axis);
    List<Series> series = new ArrayList<>();
    for (String name : shown) {
      List<double[]> xy = new ArrayList<>();
      for (PointResult r : groups.get(name)) {
        double x = numeric ? axis.numeric(r) : cats.indexOf(label(axis, r));
        xy.add(new double[] {x, r.accuracy()});
      }
      xy.sort(Comparator.comparingDouble(p -> p[0]));
      series.add(
          new Series(
              name,
              xy.stream().mapToDouble(p -> p[0]).toArray(),
              xy.stream().mapToDouble(p -> p[1]).toArray()));
    }
    String xLabel = axis.column();
    if (!numeric) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cats.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(i).append(" = ").append(cats.get(i));
      }
      xLabel += sb.length() <= 120 ? " (" + sb + ")" : " (index, see report)";
    }
    return PngCharts.lineChart(
        chartTitle(axis, shown.size(), groups.size()), xLabel, "accuracy", series, true);
  }

  /** The accuracy-vs-{@code axis} chart's title, saying so when it draws only some lines. */
  static String chartTitle(SweepAxis axis, int shown, int total) {
    String title = "Accuracy vs " + axis.column();
    return shown < total ? title + " (" + shown + " of " + total + " lines, see report)" : title;
  }

  private byte[] accuracyVsStep() {
    List<PointResult> sorted = new ArrayList<>(results);
    sorted.sort(Comparator.comparingDouble(PointResult::accuracy).reversed());
    List<Series> series = new ArrayList<>();
    for (PointResult r : sorted.subList(0, Math.min(MAX_SERIES, sorted.size()))) {
      double[] acc = r.accuracyPerStep();
      double[] x = new double[acc.length];
      for (int t = 0; t < acc.length; t++) {
        x[t] = t + 1;
      }
      series.add(new Series(describe(r), x, acc.clone()));
    }
    String title = "Accuracy after each step (time to decision)";
    if (sorted.size() > MAX_SERIES) {
      title += ", " + MAX_SERIES + " most accurate of " + sorted.size() + " points";
    }
    return PngCharts.lineChart(title, "step", "accuracy", series, false);
  }

  private static byte[] histogram(LayerStats l) {
    int bins = l.histogramCounts().length;
    double[] x = new double[bins];
    double[] y = new double[bins];
    for (int b = 0; b < bins; b++) {
      x[b] = (l.histogramEdges()[b] + l.histogramEdges()[b + 1]) / 2;
      y[b] = l.histogramCounts()[b];
    }
    return PngCharts.lineChart(
        "Firing rates of " + l.name() + " (" + l.neuron() + ")",
        "rate (Hz, bin centre)",
        "neurons",
        List.of(new Series(l.name(), x, y)),
        true);
  }

  private static byte[] outputOverTime(ExampleTrace e) {
    int classes = e.probabilities().isEmpty() ? 0 : e.probabilities().get(0).length;
    double[] x = new double[e.steps().length];
    for (int j = 0; j < x.length; j++) {
      x[j] = e.steps()[j] + 1;
    }
    List<Series> series = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      double[] y = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        y[j] = e.probabilities().get(j)[c];
      }
      series.add(new Series("class " + c + (c == e.label() ? " (true)" : ""), x, y));
    }
    return PngCharts.lineChart(
        "Output over time, image " + e.id() + " (label " + e.label() + ")",
        "step",
        "probability (softmax of readout)",
        series,
        false);
  }

  private static String describe(PointResult r) {
    return String.format(
        Locale.ROOT,
        "%s dt=%s steps=%d neuron=%s synapse=%s scale=%s",
        r.model(),
        r.dt(),
        r.steps(),
        r.neuron(),
        r.synapse(),
        r.scale());
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
