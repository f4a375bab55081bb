package org.sparksnn.pipeline.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.io.WeightsFile;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.io.PathErrors;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Reads and writes model directories ({@code model.yaml} + {@code weights.npz}) on any Hadoop
 * path. Writing is atomic (see {@link OutputDir}); reading checks the success marker if there is
 * one (a hand-made directory has none), then validates the YAML (unknown keys, newer
 * format versions), the architecture (shapes, by layer name) and the weights (missing arrays,
 * shapes, NaN/Inf, by array name).
 */
public final class ModelDirectory {
  public static final String MODEL_YAML = "model.yaml";
  public static final String WEIGHTS_NPZ = "weights.npz";

  private ModelDirectory() {}

  /** Writes {@code file} and {@code weights} into {@code dir} (a new directory, or overwritten). */
  public static void write(
      Path dir, ModelFile file, ParameterSet weights, Configuration conf, boolean overwrite) {
    OutputDir out = OutputDir.create(dir, conf, overwrite);
    try {
      writeInto(out.tempPath(), file, weights, conf);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
  }

  /** Writes the two files into an existing (temporary) directory, for callers adding more files. */
  public static void writeInto(Path dir, ModelFile file, ParameterSet weights, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream o = fs.create(new Path(dir, MODEL_YAML), true)) {
        o.write(new TypedYaml().toYaml(file).getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream o = fs.create(new Path(dir, WEIGHTS_NPZ), true)) {
        WeightsFile.write(o, weights);
      }
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "write model", e);
    } catch (org.apache.hadoop.fs.FSError e) {
      throw PathErrors.failure(dir, conf, "write model", e);
    }
  }

  /** Reads and validates a model directory. */
  public static LoadedModel read(Path dir, Configuration conf) {
    String uri = HadoopPaths.qualified(dir, conf);
    HadoopPaths.requireDirectory(dir, conf, "model");
    OutputDir.checkMarkerIfPresent(dir, conf);
    Path yamlPath = new Path(dir, MODEL_YAML);
    String yamlUri = HadoopPaths.qualified(yamlPath, conf);
    ModelFile file;
    try (InputStream in = HadoopPaths.openFile(yamlPath, conf)) {
      file = new TypedYaml().load(in, yamlUri, List.of(), ModelFile.class);
    } catch (ConfigException e) {
      throw new DataFormatException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(yamlUri + ": " + PathErrors.cause(yamlPath, conf, e), e);
    }
    NetworkSpec spec;
    try {
      spec = file.architecture().toSpec();
      // resolves every neuron type and its parameters now, so the error names this file
      org.sparksnn.ops.net.Network.compile(spec, org.sparksnn.ops.neuron.NeuronTypes::create);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(yamlUri + ": architecture: " + e.getMessage(), e);
    }
    Path npz = new Path(dir, WEIGHTS_NPZ);
    String npzUri = HadoopPaths.qualified(npz, conf);
    try (InputStream in = HadoopPaths.openFile(npz, conf)) {
      ParameterSet weights = WeightsFile.read(in, npzUri, spec);
      return new LoadedModel(file, spec, weights, uri);
    } catch (IOException e) {
      throw new UncheckedIOException(npzUri + ": " + PathErrors.cause(npz, conf, e), e);
    }
  }
}
