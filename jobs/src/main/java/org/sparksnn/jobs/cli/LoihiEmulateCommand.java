package org.sparksnn.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
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
 * on given input spikes, for checking against a reference.
 */
@Command(
    name = "loihi-emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the model's on-chip layers (dense + activation pairs) in the Loihi integer emulator.",
      "Input spikes [steps, n_in] (0/1, .npy) drive the first on-chip layer directly (they arrive",
      "one step later, as from the host). Writes one [steps, n] int32 spike array per on-chip layer",
      "to --out and discretized.json (vth, bias, decays, refractory delay, integer weights, w_exp",
      "per core) beside it."
    })
final class LoihiEmulateCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "model directory (any Hadoop path)")
  String model;

  @Option(names = "--input-spikes", required = true, paramLabel = "FILE.npy", description = "[steps, n_in] 0/1 (any Hadoop path)")
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
      names = "--no-strict",
      description = "count register overflows as warnings instead of failing")
  boolean noStrict;

  @Override
  public Integer call() throws IOException {
    Map<String, int[]> shapes = parseShapes(blockShapes);
    Configuration conf = HadoopSettings.fromSystemProperties();
    LoadedModel m = ModelDirectory.read(new Path(model), conf);
    ChipModel chip = ChipModel.of(m.spec(), m.weights(), shapes, "--block-shape");
    List<LayerMapping> mapping = CoreMapper.map(chip.network(), ChipLimits.loihi());
    new ChipValidator(ChipLimits.loihi()).validate(chip.network(), mapping);
    List<DiscretizedLayer> layers = Discretizer.discretize(ChipBuilder.build(chip.network()), mapping);

    NpyArray in;
    Path inputPath = new Path(inputSpikes);
    try (InputStream s = HadoopPaths.openFile(inputPath, conf)) {
      in = Npz.parseNpy(s.readAllBytes(), inputSpikes, inputPath.getName());
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
    Path outPath = new Path(HadoopPaths.qualified(new Path(out), conf));
    writeAtomically(outPath, conf, o -> Npz.write(o, arrays));
    Path json = new Path(outPath.getParent(), "discretized.json");
    List<Map<String, Object>> jsonLayers = new ArrayList<>();
    for (DiscretizedLayer l : layers) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", l.name());
      e.put("n", l.n());
      e.put("nPre", l.nPre());
      e.put("cores", l.cores());
      jsonLayers.add(e);
    }
    byte[] text =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(Map.of("dt", chip.network().dt(), "layers", jsonLayers));
    writeAtomically(json, conf, o -> o.write(text));
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

  /** Writes a hidden sibling, then renames it over {@code target} (any Hadoop path). */
  private static void writeAtomically(Path target, Configuration conf, Writer w) {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      FileSystem fs = target.getFileSystem(conf);
      try (OutputStream o = fs.create(tmp, true)) {
        w.write(o);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + HadoopPaths.qualified(tmp, conf) + " to it");
      }
    } catch (IOException e) {
      throw PathErrors.failure(target, conf, "write", e);
    }
  }
}
