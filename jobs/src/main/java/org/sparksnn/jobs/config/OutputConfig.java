package org.sparksnn.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a run writes.
 *
 * @param dir the run directory (any Hadoop path); each stage writes a sub-directory; default
 *     {@code runs/<name>}
 * @param overwrite replace existing stage outputs; default false (existing complete outputs are
 *     reused, incomplete ones are an error)
 * @param breakLock take over the output lock of a run that is no longer running (CLI {@code
 *     --break-lock}); default false. Never breaks the lock of a live run. Read only: not written
 *     into the resolved config
 */
public record OutputConfig(
    String dir,
    Boolean overwrite,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Boolean breakLock) {
  public OutputConfig {
    overwrite = overwrite != null && overwrite;
    breakLock = breakLock != null && breakLock;
  }
}
