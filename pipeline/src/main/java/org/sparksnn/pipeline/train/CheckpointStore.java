package org.sparksnn.pipeline.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.PathErrors;

/**
 * Checkpoints of one training run in a Hadoop directory ({@code file:}, {@code hdfs:}, {@code
 * s3a:}): {@code ckpt-<step, 12 digits>.bin}, each written to a hidden {@code _tmp-…} file and
 * renamed, so a reader never sees a partial checkpoint. The newest {@link #KEEP} are kept.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  /** Checkpoints kept; older ones are deleted after each write. */
  public static final int KEEP = 3;

  private static final String PREFIX = "ckpt-";
  private static final String SUFFIX = ".bin";

  private final Path dir;
  private final Configuration conf;

  /** A store in {@code dir} (created on first write) accessed with {@code conf}. */
  public CheckpointStore(String dir, Configuration conf) {
    this.dir = new Path(Checks.notNull("CheckpointStore.dir", dir));
    this.conf = Checks.notNull("CheckpointStore.conf", conf);
  }

  /** The directory. */
  public String directory() {
    return dir.toString();
  }

  /** Writes {@code c} atomically; an existing checkpoint of the same step is left as it is. */
  public void write(Checkpoint c) {
    Path target = pathOf(c.step());
    Path tmp = new Path(dir, "_tmp-" + PREFIX + c.step() + "-" + UUID.randomUUID());
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(c.toBytes());
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        if (!fs.exists(target)) {
          throw new IOException("rename of " + tmp + " to " + target + " failed");
        }
      }
      List<Long> steps = steps(fs);
      for (int i = 0; i < steps.size() - KEEP; i++) {
        fs.delete(pathOf(steps.get(i)), false);
      }
      LOG.debug("checkpoint of step {} written to {}", c.step(), target);
    } catch (IOException e) {
      throw PathErrors.failure(target, conf, "write checkpoint", e);
    } catch (org.apache.hadoop.fs.FSError e) {
      throw PathErrors.failure(target, conf, "write checkpoint", e);
    }
  }

  /**
   * The newest readable checkpoint, or empty if there is none.
   *
   * @throws ConfigException if it was written by a run with another config hash than {@code
   *     expectedConfigHash}
   */
  public Optional<Checkpoint> latest(String expectedConfigHash) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      List<Long> steps = steps(fs);
      for (int i = steps.size() - 1; i >= 0; i--) {
        Optional<Checkpoint> c = tryRead(fs, steps.get(i));
        if (c.isPresent()) {
          return Optional.of(checkHash(c.get(), expectedConfigHash));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "list checkpoints", e);
    }
  }

  /** The checkpoint of exactly {@code step}, or empty; checked like {@link #latest}. */
  public Optional<Checkpoint> atStep(long step, String expectedConfigHash) {
    try {
      return tryRead(dir.getFileSystem(conf), step).map(c -> checkHash(c, expectedConfigHash));
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  /** Steps of the checkpoints present, ascending. */
  public List<Long> steps() {
    try {
      return steps(dir.getFileSystem(conf));
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  private Checkpoint checkHash(Checkpoint c, String expected) {
    if (!c.configHash().equals(expected)) {
      throw new ConfigException(
          HadoopPaths.qualified(pathOf(c.step()), conf)
              + ": checkpoint of step "
              + c.step()
              + " was written by another configuration (config hash "
              + c.configHash()
              + ", this run "
              + expected
              + "); the model, data or training settings differ from that run's. To start over,"
              + " delete "
              + HadoopPaths.qualified(dir, conf)
              + " (spark-snn: set output.overwrite: true, which deletes <output.dir>/checkpoints);"
              + " to resume, run with that run's config");
    }
    return c;
  }

  private Optional<Checkpoint> tryRead(FileSystem fs, long step) throws IOException {
    Path p = pathOf(step);
    try (InputStream in = fs.open(p)) {
      return Optional.of(Checkpoint.fromBytes(in.readAllBytes(), p.toString()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (DataFormatException | org.apache.hadoop.fs.ChecksumException e) {
      LOG.warn("skipping unreadable checkpoint {}: {}", p, e.getMessage());
      return Optional.empty();
    }
  }

  private List<Long> steps(FileSystem fs) throws IOException {
    List<Long> steps = new ArrayList<>();
    if (!fs.exists(dir)) {
      return steps;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
        try {
          steps.add(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
        } catch (NumberFormatException e) {
          LOG.debug("ignoring {}", name);
        }
      }
    }
    steps.sort(Comparator.naturalOrder());
    return steps;
  }

  private Path pathOf(long step) {
    return new Path(dir, String.format("%s%012d%s", PREFIX, step, SUFFIX));
  }
}
