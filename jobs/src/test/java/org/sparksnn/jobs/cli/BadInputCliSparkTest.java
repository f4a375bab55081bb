package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.encoders.IdxWriter;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.io.Npz;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.hdfs.HdfsFixtures;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;

/**
 * Bad input through the CLI, one case per test: damaged datasets, data that does not fit the
 * model or the config, hostile or malformed configs, models that are newer or hold NaN. Every case
 * exits non-zero with one {@code error:} line naming the file or key, the value and the
 * constraint, and leaves no output behind.
 */
@Tag("spark")
class BadInputCliSparkTest {
  @TempDir static Path tmp;
  private static Path pristine;
  private static Path goodModel;

  @BeforeAll
  static void fixtures() throws Exception {
    pristine = tmp.resolve("pristine");
    SyntheticIdx.write(pristine, 60, 20, 7);
    goodModel = tmp.resolve("model");
    ModelDirectory.write(
        new org.apache.hadoop.fs.Path(goodModel.toUri()),
        new ModelFile(1, ArchitectureConfig.of(HdfsFixtures.spec("relu", 4)), null, null),
        HdfsFixtures.weights(HdfsFixtures.spec("relu", 4), 3),
        new Configuration(),
        false);
  }

  /** A copy of the pristine dataset in a new directory. */
  private static Path dataset(String name) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    try (var files = Files.list(pristine)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private static String config(String name, Path data, String sections) throws IOException {
    Path cfg = tmp.resolve(name + ".yaml");
    Files.writeString(cfg, ConfigText.of(name, data, sections, tmp.resolve("runs").resolve(name)));
    return cfg.toString();
  }

  private static final String ENCODE =
      "encode:\n  encoder: {type: rate, steps: 4, maxSpikes: 2, seed: 2}\n  partitions: 1\n";

  private static final String MODEL_784 =
      """
      model:
        input: [784]
        dt: 0.1
        steps: 4
        layers:
          - {type: dense, name: d0, units: 8}
          - {type: activation, name: a0, neuron: relu}
          - {type: dense, name: out, units: 10}
      """;

  /** Runs {@code command} and checks exit code, error line, and that nothing was written. */
  private static String fails(String name, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--master", "local[1]"));
    CliRun r = CliRun.of(all.toArray(String[]::new));
    assertTrue(r.code() != 0, "exit code " + r.code() + "\n" + r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    Path out = tmp.resolve("runs").resolve(name);
    if (Files.exists(out)) {
      try (var files = Files.list(out)) {
        assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString).toList(), "no partial output");
      }
    }
    return r.error();
  }

  private static String encodeFails(String name, Path data) throws IOException {
    return fails(name, "encode", "--conf", config(name, data, ENCODE));
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void corruptGzipNamesTheFile() throws Exception {
    Path d = dataset("gz");
    Path plain = d.resolve("train-images-idx3-ubyte");
    byte[] gz = gzip(Files.readAllBytes(plain));
    gz[gz.length - 6] ^= 0x01; // the CRC32 of the trailer
    Files.write(d.resolve("train-images-idx3-ubyte.gz"), gz);
    Files.delete(plain);
    String e = encodeFails("gz", d);
    assertTrue(e.contains("file:" + d + "/train-images-idx3-ubyte.gz: corrupt or truncated gzip data"), e);
  }

  @Test
  void directoryWhereAFileIsExpectedNamesIt() throws Exception {
    Path d = dataset("dirfile");
    Files.delete(d.resolve("train-labels-idx1-ubyte"));
    Files.createDirectory(d.resolve("train-labels-idx1-ubyte"));
    String e = encodeFails("dirfile", d);
    assertTrue(e.contains("file:" + d + "/train-labels-idx1-ubyte: is a directory, expected a file"), e);
  }

  @Test
  void emptyDatasetIsRejected() throws Exception {
    Path d = dataset("empty");
    try (OutputStream o = Files.newOutputStream(d.resolve("t10k-images-idx3-ubyte"))) {
      o.write(ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(28).putInt(28).array());
    }
    String e = encodeFails("empty", d);
    assertTrue(e.contains("file:" + d + "/t10k-images-idx3-ubyte: image count is 0, expected > 0"), e);
  }

  @Test
  void truncatedFileNamesExpectedAndFoundBytes() throws Exception {
    Path d = dataset("trunc");
    Path f = d.resolve("t10k-images-idx3-ubyte");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, 16 + 1000));
    String e = encodeFails("trunc", d);
    assertTrue(e.contains("file:" + f + ": truncated: expected 15680 pixel bytes, found 1000"), e);
  }

  @Test
  void wrongMagicNamesFoundAndExpected() throws Exception {
    Path d = dataset("magic");
    Files.copy(d.resolve("t10k-labels-idx1-ubyte"), d.resolve("t10k-images-idx3-ubyte"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String e = encodeFails("magic", d);
    assertTrue(e.contains("t10k-images-idx3-ubyte: magic number is 0x00000801, expected 0x00000803"), e);
  }

  @Test
  void labelCountMismatchNamesBothFiles() throws Exception {
    Path d = dataset("count");
    Path f = d.resolve("t10k-labels-idx1-ubyte");
    byte[] b = Files.readAllBytes(f);
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 1);
    ByteBuffer.wrap(cut).putInt(4, 19);
    Files.write(f, cut);
    String e = encodeFails("count", d);
    assertTrue(e.contains("t10k-labels-idx1-ubyte: label count is 19, expected 20 (the image count of "), e);
  }

  @Test
  void labelOutOfRangeNamesIndexAndValue() throws Exception {
    Path d = dataset("label");
    Path f = d.resolve("t10k-labels-idx1-ubyte");
    byte[] b = Files.readAllBytes(f);
    b[8 + 3] = 12;
    Files.write(f, b);
    String e = encodeFails("label", d);
    assertTrue(e.contains("t10k-labels-idx1-ubyte: label[3] is 12, expected in [0, 10)"), e);
  }

  @Test
  void imagesOfAnotherSizeThanTheModelTakesAreRejected() throws Exception {
    Path d = dataset("size");
    for (String split : new String[] {"train", "t10k"}) {
      int n = split.equals("train") ? 60 : 20;
      try (OutputStream o = Files.newOutputStream(d.resolve(split + "-images-idx3-ubyte"))) {
        IdxWriter.writeImages(o, new ImageSet(n, 20, 20, 1, new byte[n * 400]));
      }
    }
    String cfg =
        config("size", d, MODEL_784 + "train: {epochs: 1, batchSize: 10, mode: single, optimizer: {type: adam, learningRate: 0.001}}\n");
    String e = fails("size", "train", "--conf", cfg);
    assertTrue(
        e.contains("file:" + d + "/train-images-idx3-ubyte: images are 20x20x1 = 400 values, but model.input [784] takes 784"),
        e);
  }

  @Test
  void batchLargerThanTheDatasetIsRejected() throws Exception {
    String cfg =
        config("batch", pristine, MODEL_784 + "train: {epochs: 1, batchSize: 1000, mode: single, optimizer: {type: adam, learningRate: 0.001}}\n");
    String e = fails("batch", "train", "--conf", cfg);
    assertTrue(e.contains("train.batchSize must be <= the number of training images 60 (after data.trainLimit), got 1000"), e);
  }

  @Test
  void configThatIsNotAMappingIsRejectedBeforeSparkStarts() throws Exception {
    Path cfg = tmp.resolve("list.yaml");
    Files.writeString(cfg, "- encode\n- train\n");
    String e = fails("list", "encode", "--conf", cfg.toString());
    assertEquals("error: " + cfg + ": top level must be a YAML mapping, found ARRAY", e);
  }

  @Test
  void aliasBombConfigIsRejected() throws Exception {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int level = 1; level < 9; level++) {
      y.append("a").append(level).append(": &a").append(level).append(" [");
      for (int k = 0; k < 10; k++) {
        y.append(k == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      y.append("]\n");
    }
    Path cfg = tmp.resolve("bomb.yaml");
    Files.writeString(cfg, y.toString());
    String e = fails("bomb", "encode", "--conf", cfg.toString());
    assertEquals(
        "error: " + cfg + ": YAML anchors are not supported (&a0) at line 1, column 5; write the values out",
        e);
  }

  @Test
  void outOfRangeValueNamesKeyConstraintAndValue() throws Exception {
    String cfg = config("range", pristine, ENCODE.replace("steps: 4", "steps: 0"));
    String e = fails("range", "encode", "--conf", cfg);
    assertEquals("error: " + cfg + ": encode.encoder.steps must be > 0, got 0", e);
  }

  /** A copy of the good model without checksum files (the copy is then edited by hand). */
  private static void copyModel(Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(goodModel)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().endsWith(".crc")) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }

  private static String loihiConfig(String name, Path model) throws IOException {
    return config(name, pristine, ENCODE + "loihi: {model: " + model + ", batch: 10, partitions: 1}\n");
  }

  @Test
  void modelOfANewerFormatVersionIsRejected() throws Exception {
    Path m = tmp.resolve("newer");
    copyModel(m);
    Path yaml = m.resolve("model.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("formatVersion: 1", "formatVersion: 7"));
    // a same-size edit of a committed model: its success marker notices first
    String changed = fails("newer", "loihi", "--conf", loihiConfig("newer", m));
    assertTrue(
        changed.contains("file:" + m + ": incomplete or changed since it was written: model.yaml has other content than when it was written (CRC-32C "),
        changed);
    Files.delete(m.resolve("_SPARKSNN_SUCCESS")); // edited by hand: accept it as it is
    String e = fails("newer", "loihi", "--conf", loihiConfig("newer", m));
    assertTrue(e.contains("file:" + yaml + ": "), e);
    assertTrue(e.contains("formatVersion is newer than this spark-snn reads (1)"), e);
  }

  @Test
  void unknownNeuronTypeInAModelNamesTheFileAndLayer() throws Exception {
    Path m = tmp.resolve("alien-neuron");
    copyModel(m);
    Path yaml = m.resolve("model.yaml");
    String text = Files.readString(yaml);
    String alien = text.replaceFirst("(neuron: [\"']?)relu", "$1hodgkin-huxley");
    assertTrue(alien.contains("hodgkin-huxley"), text);
    Files.writeString(yaml, alien);
    Files.delete(m.resolve("_SPARKSNN_SUCCESS"));
    String e = fails("alien-neuron", "loihi", "--conf", loihiConfig("alien-neuron", m));
    assertTrue(
        e.contains("file:" + yaml + ": architecture.layers[1].neuron must be one of "), e);
    assertTrue(e.contains("got 'hodgkin-huxley'"), e);
  }

  @Test
  void nanAndInfWeightsNameTheLayerAndArray() throws Exception {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      String name = Float.isNaN(bad) ? "nan" : "inf";
      Path m = tmp.resolve(name + "-model");
      copyModel(m);
      ParameterSet w = HdfsFixtures.weights(HdfsFixtures.spec("relu", 4), 3);
      java.util.Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>();
      for (int i = 0; i < w.count(); i++) {
        float[] v = w.get(i).clone();
        if (w.names().get(i).equals("out/kernel")) {
          v[5] = bad;
        }
        arrays.put(w.names().get(i), NpyArray.ofFloats(w.shape(i), v));
      }
      try (OutputStream o = Files.newOutputStream(m.resolve("weights.npz"))) {
        Npz.write(o, arrays);
      }
      Files.delete(m.resolve("_SPARKSNN_SUCCESS")); // edited by hand: accept it as it is
      String e = fails(name, "loihi", "--conf", loihiConfig(name, m));
      assertTrue(
          e.contains("file:" + m + "/weights.npz: layer 'out': array 'out/kernel' has non-finite value " + bad + " at flat index 5"),
          e);
    }
  }

  @Test
  void failureOutsideSparkSnnStillGivesOneErrorLineNamingIt() throws Exception {
    // a Hadoop setting that names a class which is not a file system: a ClassCastException in Hadoop
    Path cfg = Path.of(config("alien", pristine, ENCODE));
    Files.writeString(cfg, Files.readString(cfg) + "spark: {spark.hadoop.fs.file.impl: java.lang.String, spark.hadoop.fs.file.impl.disable.cache: 'true'}\n");
    String e = fails("alien", "encode", "--conf", cfg.toString());
    assertTrue(e.startsWith("error: unexpected java.lang.ClassCastException: class java.lang.String cannot be cast"), e);
    assertTrue(e.contains("java.lang.String"), e);
  }
}
