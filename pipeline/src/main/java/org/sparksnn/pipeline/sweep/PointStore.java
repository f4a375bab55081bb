package org.sparksnn.pipeline.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finished points of a sweep, one JSON file per point ({@code <dir>/<key>.json}), each written
 * to a hidden temporary file and renamed into place, so a crash never leaves a partial point. A
 * re-run reads them back and computes only the points that have no file.
 */
final class PointStore {
  private static final Logger LOG = LoggerFactory.getLogger(PointStore.class);

  private final Path dir;
  private final Configuration conf;
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  PointStore(Path dir, Configuration conf) {
    this.dir = dir;
    this.conf = conf;
  }

  /** The stored result of {@code key}, or empty if there is none or it cannot be read. */
  Optional<PointResult> read(String key) {
    Path p = new Path(dir, key + ".json");
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        PointResult r = json.readValue(in, PointResult.class);
        if (!key.equals(r.key())) {
          LOG.warn("{}: holds point {}, not {}; recomputing", p, r.key(), key);
          return Optional.empty();
        }
        return Optional.of(r);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: unreadable ({}); recomputing the point", p, e.getMessage());
      return Optional.empty();
    }
  }

  /** Stores {@code r} atomically as {@code <key>.json}, replacing an existing file. */
  void write(PointResult r) {
    Path target = new Path(dir, r.key() + ".json");
    Path temp =
        new Path(dir, "." + r.key() + ".json.tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      FileSystem fs = target.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(temp, true)) {
        out.write(toJson(r).getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("cannot rename " + temp + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot write point result: " + e.getMessage(), e);
    }
  }

  private String toJson(PointResult r) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize point " + r.key(), e);
    }
  }
}
