package org.sparksnn.jobs.config;

/**
 * Where a run writes.
 *
 * @param dir the run directory (any Hadoop path); each stage writes a sub-directory; default
 *     {@code runs/<name>}
 * @param overwrite replace existing stage outputs; default false (existing complete outputs are
 *     reused, incomplete ones are an error)
 */
public record OutputConfig(String dir, Boolean overwrite) {
  public OutputConfig {
    overwrite = overwrite != null && overwrite;
  }
}
