package org.sparksnn.pipeline.model;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.pipeline.yaml.DomainConfig;

/**
 * A network architecture as written in configs and {@code model.yaml}; maps to {@link
 * NetworkSpec}.
 *
 * @param input input shape: {@code [n]} or {@code [h, w, c]} (channels-last)
 * @param dt time step, s, &gt; 0
 * @param steps time steps per presentation, ≥ 1
 * @param readout {@code last-step} (default), {@code lowpass} or {@code mean}
 * @param readoutTau lowpass tau of the {@code lowpass} readout, s; default 0
 * @param initialVoltage {@code uniform} (default, seeded, keyed per sample and neuron), {@code
 *     uniform-per-step} (the same in evaluation, but drawn anew at every training step, keyed also
 *     by the step: keras-spiking's new draw at every call) or {@code zero}
 * @param voltageSeed seed of the uniform initial voltage; default 0
 * @param layers the layers in order
 */
public record ArchitectureConfig(
    List<Integer> input,
    double dt,
    int steps,
    String readout,
    Double readoutTau,
    String initialVoltage,
    Long voltageSeed,
    List<LayerConfig> layers)
    implements DomainConfig<NetworkSpec> {
  public ArchitectureConfig {
    Checks.notNull("input", input);
    Checks.check(
        input.size() == 1 || input.size() == 3, "input", "must be [n] or [h, w, c]", input);
    for (Integer d : input) {
      Checks.check(d != null && d > 0, "input", "must be positive", input);
    }
    Checks.positive("dt", dt);
    Checks.positive("steps", steps);
    readout = readout == null ? "last-step" : readout;
    Checks.check(
        List.of("last-step", "lowpass", "mean").contains(readout),
        "readout",
        "must be last-step, lowpass or mean",
        readout);
    readoutTau = readoutTau == null ? 0.0 : readoutTau;
    initialVoltage = initialVoltage == null ? "uniform" : initialVoltage;
    Checks.check(
        List.of("uniform", "uniform-per-step", "zero").contains(initialVoltage),
        "initialVoltage",
        "must be uniform, uniform-per-step or zero",
        initialVoltage);
    voltageSeed = voltageSeed == null ? 0L : voltageSeed;
    Checks.notNull("layers", layers);
    input = List.copyOf(input);
    layers = List.copyOf(layers);
  }

  /** The snn-ops network spec (validates shapes; errors name the layer). */
  public NetworkSpec toSpec() {
    int[] shape = input.stream().mapToInt(Integer::intValue).toArray();
    List<LayerSpec> specs = new ArrayList<>();
    for (LayerConfig l : layers) {
      specs.add(l.toSpec());
    }
    Readout r =
        switch (readout) {
          case "lowpass" -> Readout.LOWPASS;
          case "mean" -> Readout.MEAN_OVER_STEPS;
          default -> Readout.LAST_STEP;
        };
    InitialVoltage v =
        switch (initialVoltage) {
          case "zero" -> InitialVoltage.zero();
          case "uniform-per-step" -> InitialVoltage.uniformPerTrainingStep(voltageSeed);
          default -> InitialVoltage.uniform(voltageSeed);
        };
    return new NetworkSpec(shape, specs, dt, steps, r, readoutTau, v);
  }

  @Override
  public NetworkSpec toDomain() {
    return toSpec();
  }

  /** The config of a spec (for writing model.yaml). */
  public static ArchitectureConfig of(NetworkSpec spec) {
    List<Integer> in = new ArrayList<>();
    for (int d : spec.inputShape()) {
      in.add(d);
    }
    List<LayerConfig> ls = new ArrayList<>();
    for (LayerSpec l : spec.layers()) {
      ls.add(LayerConfig.of(l));
    }
    String r =
        switch (spec.readout()) {
          case LOWPASS -> "lowpass";
          case MEAN_OVER_STEPS -> "mean";
          case LAST_STEP -> "last-step";
        };
    InitialVoltage v = spec.initialVoltage();
    return new ArchitectureConfig(
        in,
        spec.dt(),
        spec.steps(),
        r,
        spec.readoutTau(),
        !v.uniform() ? "zero" : v.perTrainingStep() ? "uniform-per-step" : "uniform",
        v.seed(),
        ls);
  }
}
