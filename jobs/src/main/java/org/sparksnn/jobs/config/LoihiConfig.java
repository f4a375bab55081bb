package org.sparksnn.jobs.config;

import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * The Loihi emulation stage: maps the trained model's dense + activation layers to the chip,
 * validates the core limits, discretizes, and emulates the test split with the config's spike
 * encoder as the host input.
 *
 * @param model model directory; default {@code <output.dir>/model}
 * @param backend {@code fixed} (bit-exact integer emulator, default) or {@code simreal} (same
 *     build in float, to separate quantization error from dynamics)
 * @param strict fail on a U/Q register overflow (default true) or count it as a warning
 * @param blockShapes explicit core tiling per on-chip layer (the dense layer's name), e.g. {@code
 *     {dense0: [125]}}
 * @param batch images emulated at once per task, ≥ 1; default 64
 * @param partitions Spark partitions of the test images; default 0 = Spark's default
 */
public record LoihiConfig(
    String model,
    String backend,
    Boolean strict,
    Map<String, List<Integer>> blockShapes,
    Integer batch,
    Integer partitions) {
  public LoihiConfig {
    backend = backend == null ? "fixed" : backend;
    Checks.check(
        backend.equals("fixed") || backend.equals("simreal"), "backend", "must be fixed or simreal", backend);
    strict = strict == null || strict;
    blockShapes = blockShapes == null ? Map.of() : Map.copyOf(blockShapes);
    batch = batch == null ? 64 : batch;
    Checks.positive("batch", batch);
    partitions = partitions == null ? 0 : partitions;
    Checks.nonNegative("partitions", partitions);
  }
}
