package org.sparksnn.pipeline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.io.Npz;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.TimeTiledInput;
import org.sparksnn.ops.neuron.NeuronTypes;

class ModelDirectoryTest {
  @TempDir Path tmp;
  private final Configuration conf = new Configuration();

  private static final String HAND_WRITTEN =
      """
      formatVersion: 1
      architecture:
        input: [3]
        dt: 0.001
        steps: 5
        initialVoltage: zero
        layers:
          - {type: dense, name: hidden, units: 2}
          - {type: activation, name: act, neuron: relu}
          - {type: dense, name: out, units: 2, useBias: false}
      """;

  private org.apache.hadoop.fs.Path handWritten(String yaml, Map<String, NpyArray> arrays)
      throws Exception {
    Path dir = tmp.resolve("m");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model.yaml"), yaml);
    try (OutputStream o = Files.newOutputStream(dir.resolve("weights.npz"))) {
      Npz.write(o, arrays);
    }
    return new org.apache.hadoop.fs.Path(dir.toUri());
  }

  private static Map<String, NpyArray> weights() {
    Map<String, NpyArray> w = new LinkedHashMap<>();
    w.put("hidden/kernel", NpyArray.ofDoubles(new int[] {3, 2}, new double[] {1, 0, 0, 1, 1, -1}));
    w.put("hidden/bias", NpyArray.ofDoubles(new int[] {2}, new double[] {0, 0.5}));
    w.put("out/kernel", NpyArray.ofDoubles(new int[] {2, 2}, new double[] {2, 0, 0, 3}));
    return w;
  }

  @Test
  void handWrittenYamlAndNpzModelLoadsAndEvaluates() throws Exception {
    LoadedModel m = ModelDirectory.read(handWritten(HAND_WRITTEN, weights()), conf);
    Network net = Network.compile(m.spec(), NeuronTypes::create);
    float[] x = {1f, 2f, 0.5f};
    float[] out =
        new NetworkRunner(net)
            .evaluate(m.weights(), new TimeTiledInput(3, id -> x), new long[] {0}, null);
    // hidden = relu([1 + 0.5, 2 - 0.5 + 0.5]) = [1.5, 2]; out = [2 * 1.5, 3 * 2]
    assertArrayEquals(new float[] {3f, 6f}, out, 1e-6f);
  }

  @Test
  void rescaleAndSnuLayersRoundTripThroughModelYaml() throws Exception {
    String yaml =
        """
        formatVersion: 1
        architecture:
          input: [3]
          dt: 0.001
          steps: 4
          layers:
            - {type: rescale, name: pixels, factor: 255}
            - {type: snu, name: snu0, units: 2, decay: 0.8, leakyRelu: true}
            - {type: rescale, name: gain, factor: 2.5, offset: 1}
            - {type: dense, name: out, units: 2}
        """;
    Map<String, NpyArray> w = new LinkedHashMap<>();
    w.put("snu0/kernel", NpyArray.ofDoubles(new int[] {3, 2}, new double[] {1, 0, 0, 1, 1, -1}));
    w.put("snu0/bias", NpyArray.ofDoubles(new int[] {2}, new double[] {1, 1}));
    w.put("out/kernel", NpyArray.ofDoubles(new int[] {2, 2}, new double[] {2, 0, 0, 3}));
    w.put("out/bias", NpyArray.ofDoubles(new int[] {2}, new double[] {0, 0}));
    LoadedModel m = ModelDirectory.read(handWritten(yaml, w), conf);
    assertEquals(new org.sparksnn.ops.net.LayerSpec.Rescale("pixels", 255), m.spec().layers().get(0));
    assertEquals(
        new org.sparksnn.ops.net.LayerSpec.Snu("snu0", 2, 0.8, true, false),
        m.spec().layers().get(1));
    assertEquals(new org.sparksnn.ops.net.LayerSpec.Rescale("gain", 2.5, 1), m.spec().layers().get(2));
    org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(tmp.resolve("copy2").toUri());
    ModelDirectory.write(copy, m.file(), m.weights(), conf, false);
    assertEquals(m.spec(), ModelDirectory.read(copy, conf).spec());
  }

  @Test
  void writeThenReadIsBitIdentical() throws Exception {
    LoadedModel m = ModelDirectory.read(handWritten(HAND_WRITTEN, weights()), conf);
    org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(tmp.resolve("copy").toUri());
    ModelDirectory.write(copy, m.file(), m.weights(), conf, false);
    LoadedModel back = ModelDirectory.read(copy, conf);
    assertEquals(m.weights().contentHash(), back.weights().contentHash());
    assertEquals(m.file(), back.file());
  }

  @Test
  void trainingOptionsLeftUnsetAreDroppedFromModelYaml() throws Exception {
    LoadedModel m = ModelDirectory.read(handWritten(HAND_WRITTEN, weights()), conf);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("epochs", 3);
    training.put("initialModel", null);
    ModelFile file = new ModelFile(1, m.file().architecture(), training, null);
    assertEquals(Map.of("epochs", 3), file.training());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("unset").toUri());
    ModelDirectory.write(dir, file, m.weights(), conf, false);
    String yaml = Files.readString(tmp.resolve("unset").resolve(ModelDirectory.MODEL_YAML));
    assertFalse(yaml.contains("initialModel"), yaml);
    assertEquals(file, ModelDirectory.read(dir, conf).file());
  }

  @Test
  void weightsEditedAfterWritingNameTheirChecksumFileAndLoadOnceItIsDeleted() throws Exception {
    LoadedModel m = ModelDirectory.read(handWritten(HAND_WRITTEN, weights()), conf);
    Path copyDir = tmp.resolve("edited");
    org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(copyDir.toUri());
    ModelDirectory.write(copy, m.file(), m.weights(), conf, false);
    Path crc = copyDir.resolve(".weights.npz.crc");
    assertTrue(Files.exists(crc));
    // another program rewrites the weights (same size, one value changed)
    Map<String, NpyArray> edited = weights();
    edited.put("out/kernel", NpyArray.ofDoubles(new int[] {2, 2}, new double[] {2, 0, 0, 4}));
    LoadedModel editedModel = ModelDirectory.read(handWritten(HAND_WRITTEN, edited), conf);
    var bytes = new java.io.ByteArrayOutputStream();
    org.sparksnn.ops.io.WeightsFile.write(bytes, editedModel.weights());
    assertEquals(Files.size(copyDir.resolve("weights.npz")), bytes.size());
    Files.write(copyDir.resolve("weights.npz"), bytes.toByteArray());
    DataFormatException marker =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(copy, conf));
    assertTrue(
        marker
            .getMessage()
            .contains(
                "weights.npz has other content than when it was written, and no longer matches"
                    + " its checksum file .weights.npz.crc either (delete that file as well)"),
        marker.getMessage());
    Files.delete(copyDir.resolve("_SPARKSNN_SUCCESS"));
    java.io.UncheckedIOException e =
        assertThrows(java.io.UncheckedIOException.class, () -> ModelDirectory.read(copy, conf));
    assertTrue(
        e.getMessage()
            .startsWith(
                "file:" + copyDir.resolve("weights.npz") + ": does not match its checksum file file:"
                    + crc),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("delete the checksum file"), e.getMessage());
    Files.delete(crc);
    assertEquals(editedModel.weights().contentHash(), ModelDirectory.read(copy, conf).weights().contentHash());
  }

  @Test
  void regularizerScopesRoundTripAndTheOlderPerStepSpellingStillLoads() throws Exception {
    String[][] cases = {
      {"{l2: 0.001, target: 10}", "MEAN_RATE"},
      {"{l2: 0.001, target: 10, scope: last-step}", "LAST_STEP"},
      {"{l2: 0.001, range: [10, 20], scope: every-step}", "EVERY_STEP"},
      {"{l2: 0.001, target: 10, perStep: true}", "EVERY_STEP"},
      {"{l2: 0.001, target: 10, perStep: false, scope: last-step}", "LAST_STEP"},
    };
    int i = 0;
    for (String[] c : cases) {
      String yaml =
          HAND_WRITTEN.replace(
              "neuron: relu}", "neuron: relu, regularizer: " + c[0] + "}");
      LoadedModel m = ModelDirectory.read(handWritten(yaml, weights()), conf);
      var act = (org.sparksnn.ops.net.LayerSpec.Activation) m.spec().layers().get(1);
      assertEquals(c[1], act.regularizer().scope().name(), c[0]);
      org.apache.hadoop.fs.Path copy =
          new org.apache.hadoop.fs.Path(tmp.resolve("scope" + i++).toUri());
      ModelDirectory.write(copy, m.file(), m.weights(), conf, false);
      assertEquals(m.spec(), ModelDirectory.read(copy, conf).spec(), c[0]);
    }
    String contradiction =
        HAND_WRITTEN.replace(
            "neuron: relu}",
            "neuron: relu, regularizer: {l2: 0.001, target: 10, perStep: true, scope: last-step}}");
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(contradiction, weights()), conf));
    assertTrue(e.getMessage().contains("perStep"), e.getMessage());
    String unknown =
        HAND_WRITTEN.replace(
            "neuron: relu}", "neuron: relu, regularizer: {l2: 0.001, target: 10, scope: first}}");
    e =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(unknown, weights()), conf));
    assertTrue(
        e.getMessage().contains("scope must be one of mean-rate, every-step, last-step, got first"),
        e.getMessage());
  }

  @Test
  void missingArrayIsNamedWithLayer() throws Exception {
    Map<String, NpyArray> w = weights();
    w.remove("hidden/bias");
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(handWritten(HAND_WRITTEN, w), conf));
    assertTrue(e.getMessage().contains("layer 'hidden': missing array 'hidden/bias'"), e.getMessage());
  }

  @Test
  void shapeMismatchIsNamedWithLayer() throws Exception {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(HAND_WRITTEN.replace("units: 2}", "units: 4}"), weights()), conf));
    assertTrue(e.getMessage().contains("layer 'hidden'"), e.getMessage());
  }

  @Test
  void nanWeightIsRejected() throws Exception {
    Map<String, NpyArray> w = weights();
    w.put("out/kernel", NpyArray.ofDoubles(new int[] {2, 2}, new double[] {2, Double.NaN, 0, 3}));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(handWritten(HAND_WRITTEN, w), conf));
    assertTrue(e.getMessage().contains("non-finite value NaN"), e.getMessage());
  }

  @Test
  void initialVoltageKindsRoundTripThroughModelYaml() throws Exception {
    String[][] cases = {
      {"zero", "false", "false"}, {"uniform", "true", "false"}, {"uniform-per-step", "true", "true"}
    };
    int i = 0;
    for (String[] c : cases) {
      String yaml =
          HAND_WRITTEN.replace("initialVoltage: zero", "initialVoltage: " + c[0] + "\n  voltageSeed: 9");
      LoadedModel m = ModelDirectory.read(handWritten(yaml, weights()), conf);
      var iv = m.spec().initialVoltage();
      assertEquals(Boolean.parseBoolean(c[1]), iv.uniform(), c[0]);
      assertEquals(Boolean.parseBoolean(c[2]), iv.perTrainingStep(), c[0]);
      org.apache.hadoop.fs.Path copy =
          new org.apache.hadoop.fs.Path(tmp.resolve("voltage" + i++).toUri());
      ModelDirectory.write(copy, m.file(), m.weights(), conf, false);
      assertEquals(m.spec(), ModelDirectory.read(copy, conf).spec(), c[0]);
    }
    String unknown = HAND_WRITTEN.replace("initialVoltage: zero", "initialVoltage: gaussian");
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(unknown, weights()), conf));
    assertTrue(
        e.getMessage().contains("initialVoltage must be uniform, uniform-per-step or zero"),
        e.getMessage());
    assertTrue(e.getMessage().contains("gaussian"), e.getMessage());
  }

  @Test
  void unknownNeuronTypeUnknownKeyAndNewerVersionAreRejected() throws Exception {
    String unknownNeuron = HAND_WRITTEN.replace("neuron: relu", "neuron: hodgkin-huxley");
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(handWritten(unknownNeuron, weights()), conf));
    assertTrue(
        e.getMessage().contains("model.yaml: architecture.layers[1].neuron must be one of "),
        e.getMessage());
    assertTrue(e.getMessage().contains("hodgkin-huxley"), e.getMessage());

    DataFormatException k =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(HAND_WRITTEN.replace("dt: 0.001", "dt: 0.001\n  stepz: 3"), weights()), conf));
    assertTrue(k.getMessage().contains("unknown key 'architecture.stepz'"), k.getMessage());

    DataFormatException v =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(HAND_WRITTEN.replace("formatVersion: 1", "formatVersion: 7"), weights()), conf));
    assertTrue(v.getMessage().contains("formatVersion is newer than this spark-snn reads (1)"), v.getMessage());
  }

  @Test
  void negativeTauInModelYamlNamesTheFileAndLayer() throws Exception {
    String lif = HAND_WRITTEN.replace("neuron: relu}", "neuron: lif, params: {tauRc: -0.02}}");
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(handWritten(lif, weights()), conf));
    assertTrue(
        e.getMessage()
            .endsWith("/model.yaml: architecture.layers[1].params.tauRc must be > 0, got -0.02"),
        e.getMessage());
  }

  @Test
  void missingRequiredNumberIsNamedAsMissing() throws Exception {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> ModelDirectory.read(handWritten(HAND_WRITTEN.replace("  dt: 0.001\n", ""), weights()), conf));
    assertTrue(e.getMessage().endsWith("missing required key 'architecture.dt'"), e.getMessage());
  }

  @Test
  void parameterSetRoundTripThroughFlatVector() {
    ParameterSet p = ParameterSet.builder().add("a/kernel", new int[] {2}, new float[] {1f, 2f}).build();
    assertArrayEquals(new float[] {1f, 2f}, p.flatten());
  }
}
