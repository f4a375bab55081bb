package org.sparksnn.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronProbe;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.neuron.StepResponse;
import org.sparksnn.pipeline.report.PngCharts;
import org.sparksnn.pipeline.report.Series;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spark-snn neuron rates|simulate}: inspect a neuron type in double precision. */
@Command(
    name = "neuron",
    mixinStandardHelpOptions = true,
    description = "Inspects a neuron type: rate curve (rates) or per-step response (simulate).",
    subcommands = {NeuronCommand.Rates.class, NeuronCommand.Simulate.class})
final class NeuronCommand implements Runnable {
  @Override
  public void run() {
    throw new IllegalArgumentException("neuron needs a sub-command: rates or simulate");
  }

  /** Options shared by both sub-commands. */
  static class NeuronOptions {
    @Option(
        names = "--neuron",
        required = true,
        description = "relu, spiking-relu, lif-rate, lif, loihi-relu, loihi-lif")
    String neuron;

    @Option(
        names = "--param",
        paramLabel = "NAME=VALUE",
        description = "neuron parameter, e.g. --param tauRc=0.05 (repeatable)")
    Map<String, Double> params = new LinkedHashMap<>();

    @Option(names = "--dt", defaultValue = "0.001", description = "time step, s; default ${DEFAULT-VALUE}")
    double dt;

    /** The neuron type with its {@code --param}s, after checking {@code --dt} and the values. */
    NeuronModel model() {
      Checks.finite("--dt", Checks.positive("--dt", dt));
      params.forEach((name, value) -> Checks.finite("--param " + name, value));
      return NeuronTypes.create(neuron, params);
    }
  }

  /** {@code neuron rates}: the rate curve as CSV, optionally a PNG against the standard type. */
  @Command(
      name = "rates",
      mixinStandardHelpOptions = true,
      description = "Prints current,rate CSV (rate in Hz x amplitude); --plot draws it.")
  static final class Rates extends NeuronOptions implements Callable<Integer> {
    @Option(names = "--from", defaultValue = "-1", description = "first current; default ${DEFAULT-VALUE}")
    double from;

    @Option(names = "--to", defaultValue = "10", description = "last current; default ${DEFAULT-VALUE}")
    double to;

    @Option(
        names = "--step",
        defaultValue = "0.1",
        description = "current step, > 0; at most 1000000 points; default ${DEFAULT-VALUE}")
    double step;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "also write the rate curve as PNG")
    String plot;

    /** Most points a rate curve may have: {@code (--to - --from) / --step + 1}. */
    static final int MAX_POINTS = 1_000_000;

    @Override
    public Integer call() {
      double[] j = currents(from, to, step);
      Path plotFile = plot == null ? null : LocalFileOutput.target(plot, "--plot");
      NeuronModel model = model();
      double[] r = NeuronProbe.rates(model, dt, j);
      if (plotFile != null) {
        List<Series> series = new ArrayList<>();
        series.add(new Series(model.typeName(), j, r));
        NeuronModel reference = standardOf(model);
        if (reference != null) {
          series.add(new Series(reference.typeName(), j, NeuronProbe.rates(reference, dt, j)));
        }
        byte[] png =
            PngCharts.lineChart(
                model.typeName() + " rate curve (dt = " + dt + " s)",
                "input current J",
                "rate (Hz x amplitude)",
                series,
                false);
        LocalFileOutput.writeAtomically(plotFile, png, "--plot " + plot);
      }
      PrintStream out = System.out;
      out.println("current,rate_hz");
      for (int i = 0; i < j.length; i++) {
        out.println(j[i] + "," + r[i]);
      }
      if (plotFile != null) {
        System.err.println("plot: " + plot);
      }
      return 0;
    }

    /**
     * The currents {@code from, from + step, …, ≤ to}, after checking the options: finite bounds,
     * {@code step > 0}, {@code to >= from} and at most {@link #MAX_POINTS} points.
     */
    static double[] currents(double from, double to, double step) {
      Checks.finite("--from", from);
      Checks.finite("--to", to);
      Checks.finite("--step", Checks.positive("--step", step));
      if (!(to >= from)) {
        throw new IllegalArgumentException("--to (" + to + ") must be >= --from (" + from + ")");
      }
      // as RateCurve.currents counts them; (to - from) may overflow to infinity
      double points = Math.floor((to - from) / step + 1e-9) + 1;
      if (!(points <= MAX_POINTS)) {
        String count =
            points < 1e15
                ? String.valueOf((long) points)
                : String.format(Locale.ROOT, "%.3g", points);
        throw new IllegalArgumentException(
            "--from "
                + from
                + " --to "
                + to
                + " --step "
                + step
                + " gives "
                + count
                + " points, at most "
                + MAX_POINTS
                + " are allowed; use a larger --step");
      }
      return NeuronProbe.currents(from, to, step);
    }

    /** The non-chip type a Loihi type approximates, for the comparison line. */
    private static NeuronModel standardOf(NeuronModel model) {
      Map<String, Double> p = NeuronTypes.params(model);
      return switch (model.typeName()) {
        case "loihi-relu" -> NeuronTypes.create("relu", p);
        case "loihi-lif" -> NeuronTypes.create("lif-rate", p);
        case "spiking-relu" -> NeuronTypes.create("relu", p);
        case "lif" -> NeuronTypes.create("lif-rate", withoutMinVoltage(p));
        default -> null;
      };
    }

    private static Map<String, Double> withoutMinVoltage(Map<String, Double> p) {
      Map<String, Double> q = new LinkedHashMap<>(p);
      q.remove("minVoltage");
      return q;
    }
  }

  /** {@code neuron simulate}: per-step outputs for constant currents as CSV. */
  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = "Prints step,<one column per current> CSV of the outputs (amplitude/dt per spike).")
  static final class Simulate extends NeuronOptions implements Callable<Integer> {
    @Option(
        names = "--current",
        required = true,
        split = ",",
        description = "constant input currents, e.g. 0,5,10")
    double[] currents;

    @Option(names = "--steps", defaultValue = "50", description = "steps; default ${DEFAULT-VALUE}")
    int steps;

    @Option(
        names = "--initial-voltage",
        defaultValue = "zero",
        description = "zero or uniform (seeded by --seed); default ${DEFAULT-VALUE}")
    String initialVoltage;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the uniform initial voltage")
    long seed;

    @Override
    public Integer call() {
      checkSteps(steps, currents);
      InitialVoltage init =
          switch (initialVoltage) {
            case "zero" -> InitialVoltage.zero();
            case "uniform" -> InitialVoltage.uniform(seed);
            default ->
                throw new IllegalArgumentException(
                    "--initial-voltage must be zero or uniform, got " + initialVoltage);
          };
      double[][] out = NeuronProbe.simulate(model(), dt, steps, currents, init);
      StringBuilder header = new StringBuilder("step");
      for (double c : currents) {
        header.append(",J=").append(c);
      }
      System.out.println(header);
      for (int t = 0; t < steps; t++) {
        StringBuilder row = new StringBuilder().append(t);
        for (double v : out[t]) {
          row.append(',').append(v);
        }
        System.out.println(row);
      }
      return 0;
    }

    /**
     * Checks {@code --steps} and {@code --current}: at least one step and one current, every
     * current finite, and at most {@link StepResponse#MAX_VALUES} outputs in all.
     */
    static void checkSteps(int steps, double[] currents) {
      if (steps < 1) {
        throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
      }
      if (currents.length == 0) {
        throw new IllegalArgumentException("--current must name at least one current, got none");
      }
      for (int i = 0; i < currents.length; i++) {
        Checks.finite("--current[" + i + "]", currents[i]);
      }
      if ((long) steps * currents.length > StepResponse.MAX_VALUES) {
        throw new IllegalArgumentException(
            "--steps ("
                + steps
                + ") times the number of --current values ("
                + currents.length
                + ") must be at most "
                + StepResponse.MAX_VALUES);
      }
    }
  }
}
