package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.io.Npz;

/**
 * {@code loihi-emulate} end to end: a model directory holding the golden network (8 host spikes →
 * 16 loihi-relu → 4 loihi-relu) reproduces nengo-loihi's integer emulator spikes bit for bit.
 */
class LoihiEmulateCommandTest {
  private static final Path GOLDEN =
      Path.of("").toAbsolutePath().getParent().getParent()
          .resolve("shared/golden/loihi-relu-8-16-4.json");

  @TempDir Path tmp;

  @Test
  void reproducesGoldenNengoLoihiSpikesFromAModelDirectory() throws Exception {
    JsonNode g = new ObjectMapper().readTree(Files.readString(GOLDEN));
    JsonNode p = g.get("params");
    Path model = tmp.resolve("model");
    Files.createDirectories(model);
    Files.writeString(
        model.resolve("model.yaml"),
        """
        formatVersion: 1
        architecture:
          input: [8]
          dt: 0.001
          steps: 100
          initialVoltage: zero
          layers:
            - {type: dense, name: L1, units: 16}
            - {type: activation, name: a1, neuron: loihi-relu}
            - {type: dense, name: L2, units: 4}
            - {type: activation, name: a2, neuron: loihi-relu}
        """);
    try (OutputStream o = Files.newOutputStream(model.resolve("weights.npz"))) {
      Npz.write(
          o,
          Map.of(
              "L1/kernel", NpyArray.ofDoubles(new int[] {8, 16}, transpose(p.get("W1_eff"))),
              "L1/bias", NpyArray.ofDoubles(new int[] {16}, vec(p.get("b1"))),
              "L2/kernel", NpyArray.ofDoubles(new int[] {16, 4}, transpose(p.get("W2_eff"))),
              "L2/bias", NpyArray.ofDoubles(new int[] {4}, vec(p.get("b2")))));
    }
    JsonNode l0 = g.get("loihi_sim").get("L0");
    int steps = l0.size();
    int[] input = new int[steps * 8];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < 8; i++) {
        input[t * 8 + i] = l0.get(t).get(i).asDouble() > 0 ? 1 : 0;
      }
    }
    Path npy = tmp.resolve("in.npy");
    try (OutputStream o = Files.newOutputStream(npy)) {
      Npz.writeNpy(o, NpyArray.ofInts(new int[] {steps, 8}, input));
    }
    Path out = tmp.resolve("out.npz");
    int code =
        SparkSnnCli.execute(
            "loihi-emulate", "--model", model.toString(), "--input-spikes", npy.toString(),
            "--out", out.toString());
    assertEquals(0, code);
    Map<String, NpyArray> spikes;
    try (InputStream in = Files.newInputStream(out)) {
      spikes = Npz.read(in, out.toString());
    }
    for (String layer : List.of("L1", "L2")) {
      JsonNode ref = g.get("loihi_sim").get(layer);
      long[] got = spikes.get(layer).toLongs();
      int n = ref.get(0).size();
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < n; j++) {
          int want = ref.get(t).get(j).asDouble() > 0 ? 1 : 0;
          assertEquals(want, got[t * n + j], layer + " step " + t + " neuron " + j);
        }
      }
    }
    String json = Files.readString(tmp.resolve("discretized.json"));
    JsonNode d = new ObjectMapper().readTree(json);
    JsonNode ref = g.get("blocks_discretized");
    assertTrue(d.get("layers").get(0).get("cores").get(0).get("vth").size() == 16, json);
    assertTrue(ref.size() > 0);
  }

  private static double[] vec(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  /** {@code [post][pre]} JSON to a row-major {@code [pre, post]} kernel. */
  private static double[] transpose(JsonNode w) {
    int post = w.size();
    int pre = w.get(0).size();
    double[] k = new double[pre * post];
    for (int i = 0; i < post; i++) {
      for (int j = 0; j < pre; j++) {
        k[j * post + i] = w.get(i).get(j).asDouble();
      }
    }
    return k;
  }
}
