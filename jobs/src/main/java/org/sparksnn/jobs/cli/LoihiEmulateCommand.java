package org.sparksnn.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.HadoopSettings;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.emulator.HostSpikes;
import org.sparksnn.loihi.emulator.LoihiEmulator;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.validate.ChipValidator;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.io.Npz;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.PathErrors;
import org.sparksnn.pipeline.loihi.ChipModel;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-snn loihi-emulate}: runs a model's on-chip layers in the bit-exact integer emulator
 * on given input spikes, for checking against a reference. Options and the output paths are
 * checked before the model is read; the two outputs are committed together.
 */
@Command(
    name = "loihi-emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the model's on-chip layers (dense + activation pairs) in the Loihi integer emulator.",
      "Input spikes [steps, n_in] (0/1, .npy) drive the first on-chip layer directly (they arrive",
      "one step later, as from the host). Writes one [steps, n] int32 spike array per on-chip layer",
      "to --out and discretized.json (vth, bias, decays, refractory delay, integer weights, wExp",
      "per core) beside it. Both are written to hidden temporaries and renamed into place once",
      "both are complete, so a failed run leaves no partial output."
    })
final class LoihiEmulateCommand implements Callable<Integer> {
  /** The file of discretized parameters written beside {@code --out}. */
  static final String DISCRETIZED_JSON = "discretized.json";

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "model directory (any Hadoop path)")
  String model;

  @Option(
      names = "--input-spikes",
      required = true,
      paramLabel = "FILE.npy",
      description = "[steps, n_in] 0/1 as bool, uint8, any int or float dtype (any Hadoop path)")
  String inputSpikes;

  @Option(names = "--steps", paramLabel = "N", description = "steps to run; default the input's rows")
  Integer steps;

  @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "output spikes (any Hadoop path)")
  String out;

  @Option(
      names = "--block-shape",
      paramLabel = "LAYER=N[,N,N]",
      description = "core tiling of an on-chip layer, e.g. --block-shape dense0=125 (repeatable)")
  Map<String, String> blockShapes = new LinkedHashMap<>();

  @Option(
      names = "--spike-amplitude",
      paramLabel = "A",
      description =
          "each input spike is worth A/dt (default 1, nengo-loihi's spiking input, as in its"
              + " reference runs); the model's dt gives the input of 1 a network trained on"
              + " spark-snn's spike encoders saw")
  double spikeAmplitude = 1.0;

  @Option(
      names = "--no-strict",
      description = "count register overflows as warnings instead of failing")
  boolean noStrict;

  @Override
  public Integer call() {
    return run(HadoopSettings.fromSystemProperties());
  }

  /** {@link #call()} with the Hadoop settings {@code conf}; returns the exit code. */
  int run(Configuration conf) {
    Map<String, int[]> shapes = parseShapes(blockShapes);
    Path outPath = new Path(HadoopPaths.qualified(new Path(out), conf));
    Path json = new Path(outPath.getParent(), DISCRETIZED_JSON);
    checkTargets(outPath, json, conf);
    LoadedModel m = ModelDirectory.read(new Path(model), conf);
    if (!(spikeAmplitude > 0) || Double.isInfinite(spikeAmplitude)) {
      throw new IllegalArgumentException(
          "--spike-amplitude must be a finite number > 0, got " + spikeAmplitude);
    }
    ChipModel chip =
        ChipModel.of(m.spec(), m.weights(), shapes, "--block-shape", spikeAmplitude);
    List<LayerMapping> mapping = CoreMapper.map(chip.network(), ChipLimits.loihi());
    new ChipValidator(ChipLimits.loihi()).validate(chip.network(), mapping);
    List<DiscretizedLayer> layers = Discretizer.discretize(ChipBuilder.build(chip.network()), mapping);

    NpyArray in;
    Path inputPath = new Path(inputSpikes);
    try (InputStream s = HadoopPaths.openFile(inputPath, conf)) {
      in = Npz.parseNpy(s.readAllBytes(), inputSpikes);
    } catch (IOException e) {
      throw PathErrors.failure(inputPath, conf, "read", e);
    }
    int[] shape = in.shape();
    int nIn = chip.network().inputSize();
    if (shape.length != 2 || shape[1] != nIn) {
      throw new DataFormatException(
          inputSpikes + ": shape is " + java.util.Arrays.toString(shape) + ", expected [steps, " + nIn + "]");
    }
    if (shape[0] < 1) {
      throw new DataFormatException(
          inputSpikes + ": has 0 steps (shape " + java.util.Arrays.toString(shape)
              + "), expected at least 1");
    }
    double[] x = in.toDoubles();
    int n = steps == null ? shape[0] : steps;
    if (n < 1 || n > shape[0]) {
      throw new IllegalArgumentException("--steps must be in [1, " + shape[0] + "], got " + n);
    }
    HostSpikes host =
        (step, stream, active) -> {
          int k = 0;
          if (step < shape[0]) {
            for (int i = 0; i < nIn; i++) {
              double v = x[step * nIn + i];
              if (v != 0 && v != 1) {
                throw new DataFormatException(
                    inputSpikes + ": element [" + step + ", " + i + "] is " + v + ", expected 0 or 1");
              }
              if (v == 1) {
                active[k++] = i;
              }
            }
          }
          return k;
        };
    EmulatorRun run =
        LoihiEmulator.fixed(layers, nIn, noStrict ? Strictness.WARN : Strictness.FAIL)
            .run(host, 1, n, true);

    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (int k = 0; k < run.layers().size(); k++) {
      int size = run.layerSize(k);
      int[] spikes = new int[n * size];
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < size; j++) {
          spikes[t * size + j] = run.spiked(k, t, 0, j) ? 1 : 0;
        }
      }
      arrays.put(run.layers().get(k), NpyArray.ofInts(new int[] {n, size}, spikes));
    }
    List<Map<String, Object>> jsonLayers = new ArrayList<>();
    for (DiscretizedLayer l : layers) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", l.name());
      e.put("n", l.n());
      e.put("nPre", l.nPre());
      e.put("cores", l.cores());
      jsonLayers.add(e);
    }
    byte[] text;
    try {
      text =
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsBytes(Map.of("dt", chip.network().dt(), "layers", jsonLayers));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + DISCRETIZED_JSON, e);
    }
    writeBoth(outPath, o -> Npz.write(o, arrays), json, o -> o.write(text), conf);
    System.out.println(
        "emulated " + n + " steps; spikes per layer: " + spikeTotals(run) + "; wrote " + out + ", " + json
            + (run.overflowWarnings() > 0 ? "; overflow warnings: " + run.overflowWarnings() : ""));
    return 0;
  }

  private static String spikeTotals(EmulatorRun run) {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < run.layers().size(); k++) {
      parts.add(run.layers().get(k) + "=" + run.totalSpikes(k));
    }
    return String.join(", ", parts);
  }

  /**
   * Parses {@code layer=n[,n,n]} block shapes ({@code (n,)} and {@code (r, c, ch)} also do): one
   * or three integers &gt; 0 each.
   */
  static Map<String, int[]> parseShapes(Map<String, String> shapes) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : shapes.entrySet()) {
      String option = "--block-shape " + e.getKey();
      String value = e.getValue().strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(
            option + ": no sizes given; expected N (dense layer) or ROWS,COLS,CHANNELS (conv"
                + " layer)");
      }
      String inner = value.startsWith("(") && value.endsWith(")")
          ? value.substring(1, value.length() - 1) : value;
      if (inner.strip().endsWith(",")) { // the one-element tuple (n,)
        inner = inner.strip().substring(0, inner.strip().length() - 1);
      }
      String[] parts = inner.split(",", -1);
      if (parts.length != 1 && parts.length != 3) {
        throw new IllegalArgumentException(
            option + ": expected N (dense layer) or ROWS,COLS,CHANNELS (conv layer), got '"
                + e.getValue() + "'");
      }
      int[] dims = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          dims[i] = Integer.parseInt(parts[i].strip());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              option + ": expected integers, got '" + e.getValue() + "'");
        }
        if (dims[i] < 1) {
          throw new IllegalArgumentException(
              option + ": " + (parts.length == 1 ? "size" : "each size") + " must be > 0, got "
                  + dims[i] + (parts.length == 1 ? "" : " in '" + e.getValue() + "'"));
        }
      }
      out.put(e.getKey(), dims);
    }
    return out;
  }

  private interface Writer {
    void write(OutputStream o) throws IOException;
  }

  /**
   * Fails before any work if {@code --out} is named like the JSON file written beside it, if it or
   * {@code json} is an existing directory, or if an ancestor of them is a file.
   */
  private static void checkTargets(Path npz, Path json, Configuration conf) {
    String option = "--out " + npz;
    if (npz.getName().equals(DISCRETIZED_JSON)) {
      throw new IllegalArgumentException(
          option + ": is named " + DISCRETIZED_JSON + ", the file loihi-emulate writes beside"
              + " --out; choose another name");
    }
    PathErrors.fileAncestor(npz, conf).ifPresent(cause -> {
      throw new IllegalArgumentException(option + ": " + cause);
    });
    if (isDirectory(npz, conf)) {
      throw new IllegalArgumentException(option + ": is a directory, expected a file");
    }
    if (isDirectory(json, conf)) {
      throw new IllegalArgumentException(
          option + ": " + json + ", written beside it, is a directory, expected a file");
    }
  }

  private static boolean isDirectory(Path p, Configuration conf) {
    try {
      return p.getFileSystem(conf).getFileStatus(p).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw PathErrors.failure(p, conf, "write", e);
    }
  }

  /**
   * Writes {@code npz} and {@code json} (any Hadoop paths, in one directory) as a pair: both go to
   * hidden temporaries beside them first, which are renamed over the targets only when both are
   * complete ({@code json} first, so {@code npz} appears last). On any failure the temporaries,
   * a target renamed in this call, and parent directories created for them are removed, and an
   * I/O failure (an {@code IOException}, or the {@link FSError} the local file system throws when
   * the disk is full) is reported naming the target: {@code "<uri>: cannot write: <cause>"}.
   */
  private static void writeBoth(
      Path npz, Writer npzWriter, Path json, Writer jsonWriter, Configuration conf) {
    String suffix = ".tmp-" + UUID.randomUUID().toString().substring(0, 8);
    Path npzTmp = new Path(npz.getParent(), "." + npz.getName() + suffix);
    Path jsonTmp = new Path(json.getParent(), "." + json.getName() + suffix);
    Path current = npz;
    FileSystem fs = null;
    List<Path> createdDirs = new ArrayList<>();
    boolean jsonRenamed = false;
    boolean done = false;
    try {
      fs = npz.getFileSystem(conf);
      for (Path d = npz.getParent(); d != null && !fs.exists(d); d = d.getParent()) {
        createdDirs.add(d);
      }
      write(fs, npzTmp, npzWriter);
      current = json;
      write(fs, jsonTmp, jsonWriter);
      replace(fs, jsonTmp, json);
      jsonRenamed = true;
      current = npz;
      replace(fs, npzTmp, npz);
      done = true;
    } catch (IOException e) {
      throw PathErrors.failure(current, conf, "write", e);
    } catch (FSError e) {
      throw PathErrors.failure(current, conf, "write", e);
    } finally {
      if (fs != null) {
        deleteQuietly(fs, npzTmp);
        deleteQuietly(fs, jsonTmp);
        if (!done) {
          if (jsonRenamed) {
            deleteQuietly(fs, json);
          }
          for (Path d : createdDirs) { // deepest first; only while empty
            deleteQuietly(fs, d);
          }
        }
      }
    }
  }

  private static void write(FileSystem fs, Path tmp, Writer w) throws IOException {
    try (OutputStream o = fs.create(tmp, false)) {
      w.write(o);
    }
  }

  /** Renames {@code tmp} to {@code target}, replacing a file (never a directory) there. */
  private static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
    FileStatus st;
    try {
      st = fs.getFileStatus(target);
    } catch (FileNotFoundException e) {
      st = null;
    }
    if (st != null && st.isDirectory()) {
      throw new IOException("is a directory, expected a file");
    }
    if (st != null && !fs.delete(target, false)) {
      throw new IOException("cannot replace the existing file");
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to it");
    }
  }

  /** Deletes a file or an empty directory, ignoring failures (the error already reported wins). */
  private static void deleteQuietly(FileSystem fs, Path p) {
    try {
      fs.delete(p, false);
    } catch (IOException | RuntimeException | FSError e) {
      // a leftover hidden temporary is never read
    }
  }
}
