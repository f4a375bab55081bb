package org.sparksnn.jobs.tasks;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputLock;

/**
 * The {@link OutputLock}s a command holds while it writes: the run directory {@code output.dir},
 * and for {@code sweep} / {@code run} also the sweep's output directory when it lies outside the
 * run directory. Stale locks are broken only with {@code output.breakLock} (CLI {@code
 * --break-lock}). Released by {@link #close}, on success and on failure.
 */
final class RunLocks implements AutoCloseable {
  private final List<OutputLock> locks;

  private RunLocks(List<OutputLock> locks) {
    this.locks = locks;
  }

  /** Locks the directories {@code command} writes ({@code encode}, {@code train}, …, {@code run}). */
  static RunLocks acquire(Configuration hadoop, SparkSnnConfig config, String command) {
    boolean breakStale = config.output().breakLock();
    List<Path> dirs = new ArrayList<>();
    Path runDir = new Path(config.output().dir());
    dirs.add(runDir);
    if (config.sweep() != null && (command.equals("sweep") || command.equals("run"))) {
      Path sweepDir = SweepTask.outputPath(config);
      String run = HadoopPaths.qualified(runDir, hadoop).replaceAll("/+$", "");
      String sweep = HadoopPaths.qualified(sweepDir, hadoop).replaceAll("/+$", "");
      // the run directory's lock already covers itself and everything under it
      if (!sweep.equals(run) && !sweep.startsWith(run + "/")) {
        dirs.add(sweepDir);
      }
    }
    List<OutputLock> held = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        held.add(OutputLock.acquire(dir, hadoop, breakStale, command));
      }
    } catch (RuntimeException | Error e) {
      new RunLocks(held).close();
      throw e;
    }
    return new RunLocks(held);
  }

  @Override
  public void close() {
    for (int i = locks.size() - 1; i >= 0; i--) {
      locks.get(i).close();
    }
  }
}
