package org.sparksnn.pipeline.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.Checks;

/**
 * A test hook: replica {@code rank} fails once, at the start of step {@code step}. "Once" is
 * recorded by creating {@code markerPath} (a Hadoop path) before failing: a retried stage finds the
 * marker and carries on.
 *
 * @param rank replica that fails, {@code >= 0}
 * @param step global step at whose start it fails, {@code >= 0}
 * @param markerPath Hadoop path of the marker file (must not exist before the run)
 */
public record FaultInjection(int rank, long step, String markerPath)
    implements java.io.Serializable {

  public FaultInjection {
    Checks.nonNegative("FaultInjection.rank", rank);
    Checks.check(step >= 0, "FaultInjection.step", "must be >= 0", step);
    Checks.notNull("FaultInjection.markerPath", markerPath);
  }

  /** Throws {@link InjectedFailure} if this is the chosen replica and step and it has not failed yet. */
  public void maybeFail(int currentRank, long currentStep, Configuration conf) {
    if (currentRank != rank || currentStep != step) {
      return;
    }
    Path marker = new Path(markerPath);
    try {
      FileSystem fs = marker.getFileSystem(conf);
      if (fs.createNewFile(marker)) {
        throw new InjectedFailure(
            "injected failure of replica " + rank + " at step " + step + " (marker " + marker + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(marker + ": " + e.getMessage(), e);
    }
  }

  /** The failure thrown by {@link #maybeFail}. */
  public static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }
}
