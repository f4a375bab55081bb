package org.sparksnn.pipeline.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * The content of {@code model.yaml}.
 *
 * @param formatVersion model format version; this build reads versions ≤ {@link #FORMAT_VERSION}
 * @param architecture the network
 * @param training the resolved training config, free-form (for people and provenance); keys set to
 *     null (options left unset) are dropped
 * @param provenance where the model came from; may be absent in hand-written models
 */
public record ModelFile(
    int formatVersion,
    ArchitectureConfig architecture,
    Map<String, Object> training,
    Provenance provenance) {
  /** The format version this build writes. */
  public static final int FORMAT_VERSION = 1;

  public ModelFile {
    Checks.check(formatVersion >= 1, "formatVersion", "must be >= 1", formatVersion);
    Checks.check(
        formatVersion <= FORMAT_VERSION,
        "formatVersion",
        "is newer than this spark-snn reads (" + FORMAT_VERSION + "); upgrade spark-snn",
        formatVersion);
    Checks.notNull("architecture", architecture);
    training = training == null ? Map.of() : setEntries(training);
  }

  private static Map<String, Object> setEntries(Map<String, Object> training) {
    Map<String, Object> set = new LinkedHashMap<>();
    training.forEach(
        (k, v) -> {
          if (v != null) {
            set.put(k, v);
          }
        });
    return Collections.unmodifiableMap(set);
  }
}
