package org.sparksnn.jobs.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.sweep.ScaleSetting;
import org.sparksnn.pipeline.sweep.SynapseSetting;

/**
 * The Loihi emulation stage: maps the trained model to the chip (an off-chip to-spikes layer, conv
 * / dense + activation layers on chip, an off-chip dense readout), validates the core limits,
 * discretizes, and emulates the test split. A model without an off-chip to-spikes layer is driven
 * by the config's spike encoder.
 *
 * <pre>
 * loihi:
 *   steps: 30                       # presentation steps per image (default: the model's / encoder's)
 *   synapse: 0.005                  # lowpass tau (s) on every connection out of a spiking layer
 *   scaleFiringRates: 100           # or {act0: 20, act1: 50}, or leave out and set targetRate
 *   targetRate: 200                 # per-layer scales so each layer's mean rate is 200 Hz
 *   blockShapes: {conv0: [16, 16, 4], conv1: [8, 8, 16], dense0: [50]}
 * </pre>
 *
 * @param model model directory; default {@code <output.dir>/model}
 * @param backend {@code fixed} (bit-exact integer emulator, default) or {@code simreal} (same
 *     build in float, to separate quantization error from dynamics)
 * @param strict fail on a U/Q register overflow (default true) or count it as a warning
 * @param blockShapes explicit core tiling per on-chip layer (the conv / dense layer's or its
 *     activation's name): {@code [rows, cols, channels]} for conv, {@code [n]} for dense; sizes
 *     &gt; 0; a name that matches no on-chip layer is an error; default none
 * @param batch images emulated at once per task, ≥ 1; default 64
 * @param partitions Spark partitions of the test images; default 0 = Spark's default
 * @param steps emulated steps per image, ≥ 1; default the encoder's steps, else the model's
 * @param synapse {@code none} (default), a lowpass tau in s after every spiking activation, or a
 *     map {@code {activation: tau}}; the synapse after the last on-chip layer filters the readout
 * @param scaleFiringRates {@code model} (default), a number &gt; 0 or a map {@code {activation:
 *     scale}}
 * @param targetRate mean firing rate in Hz (&gt; 0) that the automatic per-layer scale search
 *     aims at, with Loihi's rate curves; exclusive with {@code scaleFiringRates}; default none
 * @param scaleSamples training images the scale search measures rates on, ≥ 1; default 200
 */
public record LoihiConfig(
    String model,
    String backend,
    Boolean strict,
    Map<String, List<Integer>> blockShapes,
    Integer batch,
    Integer partitions,
    Integer steps,
    Object synapse,
    Object scaleFiringRates,
    Double targetRate,
    Integer scaleSamples) {
  public LoihiConfig {
    backend = backend == null ? "fixed" : backend;
    Checks.check(
        backend.equals("fixed") || backend.equals("simreal"), "backend", "must be fixed or simreal", backend);
    strict = strict == null || strict;
    blockShapes = blockShapes == null ? Map.of() : checkedShapes(blockShapes);
    batch = batch == null ? 64 : batch;
    Checks.positive("batch", batch);
    partitions = partitions == null ? 0 : partitions;
    Checks.nonNegative("partitions", partitions);
    if (steps != null) {
      Checks.positive("steps", steps);
    }
    synapseSetting(synapse);
    ScaleSetting sc = scaleSetting(scaleFiringRates);
    Checks.check(
        sc.targetRate() == null,
        "scaleFiringRates",
        "must be model, a number or a per-layer map here (set loihi.targetRate for a target rate)",
        sc.label());
    if (targetRate != null) {
      Checks.positive("targetRate", targetRate);
      Checks.finite("targetRate", targetRate);
      Checks.check(sc.isModel(), "targetRate", "excludes scaleFiringRates", sc.label());
    }
    scaleSamples = scaleSamples == null ? 200 : scaleSamples;
    Checks.positive("scaleSamples", scaleSamples);
  }

  /** The legacy form (dense models, encoder input, the model's scales, no synapse). */
  public LoihiConfig(
      String model,
      String backend,
      Boolean strict,
      Map<String, List<Integer>> blockShapes,
      Integer batch,
      Integer partitions) {
    this(model, backend, strict, blockShapes, batch, partitions, null, null, null, null, null);
  }

  /**
   * A copy of {@code shapes} after checking each is a list of 1 or 3 sizes &gt; 0 (which of the
   * two a layer takes is checked against the model, when it is mapped to the chip).
   */
  private static Map<String, List<Integer>> checkedShapes(Map<String, List<Integer>> shapes) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    shapes.forEach((layer, sizes) -> {
      String key = "blockShapes." + layer;
      Checks.check(sizes != null && (sizes.size() == 1 || sizes.size() == 3), key,
          "must be [n] (dense layer) or [rows, cols, channels] (conv layer)", sizes);
      for (int i = 0; i < sizes.size(); i++) {
        Checks.notNull(key + "[" + i + "]", sizes.get(i));
        Checks.positive(key + "[" + i + "]", sizes.get(i));
      }
      out.put(layer, List.copyOf(sizes));
    });
    return Collections.unmodifiableMap(out);
  }

  private static SynapseSetting synapseSetting(Object raw) {
    return SynapseSetting.parse("synapse", raw);
  }

  private static ScaleSetting scaleSetting(Object raw) {
    return ScaleSetting.parse("scaleFiringRates", raw);
  }

  /** The synapse setting. */
  public SynapseSetting synapseSetting() {
    return synapseSetting(synapse);
  }

  /** The explicit scale setting ({@code model} when absent). */
  public ScaleSetting scaleSetting() {
    return scaleSetting(scaleFiringRates);
  }
}
