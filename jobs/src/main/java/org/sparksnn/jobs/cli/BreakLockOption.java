package org.sparksnn.jobs.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --break-lock}: take over the output lock of a run that is no longer running (same as
 * {@code --set output.breakLock=true}). A live run's lock is never broken.
 */
final class BreakLockOption {
  @Option(
      names = "--break-lock",
      description =
          "take over the output directory's lock left by a run that is no longer running"
              + " (same host, process gone); never breaks a live run's lock")
  boolean breakLock;

  /** Adds the override to {@code overrides} when the flag is given. */
  void applyTo(List<String> overrides) {
    if (breakLock) {
      overrides.add("output.breakLock=true");
    }
  }
}
