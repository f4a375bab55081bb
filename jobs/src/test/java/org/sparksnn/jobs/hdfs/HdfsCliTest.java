package org.sparksnn.jobs.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.cli.CliRun;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.io.Npz;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.pipeline.hdfs.HdfsFixtures;
import org.sparksnn.pipeline.hdfs.MiniHdfs;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;

/**
 * The CLI with every path on a real, running HDFS: the config file, the dataset ({@code
 * fetch-data}'s IDX files, uploaded), the encoded tables, the model directory, the sweep table, the
 * Loihi report and the run report; {@code show} on an HDFS table; {@code loihi-emulate} with its
 * model, input and output on HDFS; errors naming the hdfs URI.
 */
@Tag("hdfs")
class HdfsCliTest {
  @TempDir static java.nio.file.Path tmp;
  private static MiniHdfs hdfs;
  private static FileSystem fs;
  private static final Configuration CONF = new Configuration();

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start(tmp.resolve("dfs"));
    fs = hdfs.fs();
    java.nio.file.Path fetched = tmp.resolve("data/mnist");
    HdfsFixtures.writeIdx(fetched, 200, 60, 5);
    fs.copyFromLocalFile(new Path(fetched.toUri()), hdfs.path("/data/mnist"));
    writeText(hdfs.path("/conf/run.yaml"), config("/data/mnist", "/runs/cli"));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  private static String config(String dataDir, String outputDir) {
    return """
        name: hdfs-cli
        data: {dataset: mnist, dir: "%1$s%2$s", fetch: false}
        encode:
          encoder: {type: rate, steps: 6, maxSpikes: 3, seed: 2}
          partitions: 2
        model:
          input: [784]
          dt: 0.1
          steps: 6
          readout: mean
          layers:
            - {type: dense, name: d0, units: 16}
            - {type: activation, name: a0, neuron: spiking-relu}
            - {type: dense, name: out, units: 10}
        train:
          epochs: 2
          batchSize: 20
          optimizer: {type: adam, learningRate: 0.003}
        sweep: {steps: [3, 6], batch: 30, partitions: 2, examples: 1}
        loihi: {batch: 30, partitions: 2}
        output: {dir: "%1$s%3$s"}
        spark:
          spark.hadoop.dfs.replication: "1"
        """
        .formatted(hdfs.uri(), dataDir, outputDir);
  }

  private static void writeText(Path p, String text) throws Exception {
    try (OutputStream o = fs.create(p, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String readText(Path p) throws Exception {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void runWithEveryPathOnHdfsThenShowAnEncodedTable() throws Exception {
    String conf = hdfs.uri() + "/conf/run.yaml";
    CliRun r = CliRun.of("run", conf, "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    for (String stage : new String[] {"encoded", "model", "sweep/results", "loihi"}) {
      assertTrue(OutputDir.isComplete(hdfs.path("/runs/cli/" + stage), CONF), stage);
    }
    String loihi = readText(hdfs.path("/runs/cli/loihi/summary.md"));
    assertTrue(loihi.contains("| model | " + hdfs.uri() + "/runs/cli/model |"), loihi);
    assertTrue(loihi.contains("| images | 60 |"), loihi);
    String report = readText(hdfs.path("/runs/cli/report.md"));
    assertTrue(report.contains("| encode | " + hdfs.uri() + "/runs/cli/encoded |"), report);
    assertTrue(fs.exists(hdfs.path("/runs/cli/model/learning-curve.png")));
    assertTrue(fs.exists(hdfs.path("/runs/cli/model/weights.npz")));

    CliRun show =
        CliRun.of(
            "show",
            hdfs.uri() + "/runs/cli/encoded/test",
            "--limit",
            "2",
            "--format",
            "csv",
            "--master",
            "local[2]");
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().startsWith("id,label,height,width,channels,encoding,steps"), show.out());
    assertEquals(3, show.out().lines().count(), show.out());

    // a second run finds every stage complete on HDFS and skips it
    CliRun again = CliRun.of("run", conf, "--master", "local[2]");
    assertEquals(0, again.code(), again.err());
    String report2 = readText(hdfs.path("/runs/cli/report.md"));
    assertTrue(report2.contains("| train | " + hdfs.uri() + "/runs/cli/model | skipped"), report2);
  }

  @Test
  void loihiEmulateReadsAndWritesHdfsPathsAsLocalOnes() throws Exception {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {8},
            List.of(
                new LayerSpec.Dense("L1", 16, true),
                LayerSpec.Activation.of("a1", "loihi-relu"),
                new LayerSpec.Dense("L2", 4, true),
                LayerSpec.Activation.of("a2", "loihi-relu")),
            0.001,
            50);
    Path model = hdfs.path("/emulate/model");
    ModelDirectory.write(
        model,
        new ModelFile(1, ArchitectureConfig.of(spec), null, null),
        HdfsFixtures.weights(spec, 12),
        CONF,
        false);
    int steps = 50;
    int[] input = new int[steps * 8];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(6);
    for (int i = 0; i < input.length; i++) {
      input[i] = rng.nextInt(3) == 0 ? 1 : 0;
    }
    try (OutputStream o = fs.create(hdfs.path("/emulate/in.npy"))) {
      Npz.writeNpy(o, NpyArray.ofInts(new int[] {steps, 8}, input));
    }
    CliRun onHdfs =
        CliRun.of(
            "loihi-emulate",
            "--model",
            model.toString(),
            "--input-spikes",
            hdfs.uri() + "/emulate/in.npy",
            "--out",
            hdfs.uri() + "/emulate/out/spikes.npz",
            "--no-strict");
    assertEquals(0, onHdfs.code(), onHdfs.err());
    assertTrue(fs.exists(hdfs.path("/emulate/out/discretized.json")));

    java.nio.file.Path local = tmp.resolve("emulate");
    fs.copyToLocalFile(hdfs.path("/emulate"), new Path(local.toUri()));
    CliRun onDisk =
        CliRun.of(
            "loihi-emulate",
            "--model",
            local.resolve("model").toString(),
            "--input-spikes",
            local.resolve("in.npy").toString(),
            "--out",
            local.resolve("local-out/spikes.npz").toString(),
            "--no-strict");
    assertEquals(0, onDisk.code(), onDisk.err());
    Map<String, NpyArray> fromHdfs;
    try (InputStream in = fs.open(hdfs.path("/emulate/out/spikes.npz"))) {
      fromHdfs = Npz.read(in, "hdfs spikes.npz");
    }
    Map<String, NpyArray> fromDisk;
    java.nio.file.Path localOut = local.resolve("local-out/spikes.npz");
    try (InputStream in = java.nio.file.Files.newInputStream(localOut)) {
      fromDisk = Npz.read(in, "local spikes.npz");
    }
    assertEquals(fromDisk.keySet(), fromHdfs.keySet());
    for (String k : fromDisk.keySet()) {
      assertArrayEquals(fromDisk.get(k).toLongs(), fromHdfs.get(k).toLongs(), k);
    }
  }

  @Test
  void fetchDataFindsAVerifiedDatasetOnHdfsAndDownloadsNothing() {
    // full-size (60 000 + 10 000 images) synthetic IDX files where fetch-data would put them
    java.nio.file.Path full = tmp.resolve("full/mnist");
    HdfsFixtures.writeIdx(full, 60_000, 10_000, 8);
    try {
      fs.copyFromLocalFile(new Path(full.toUri()), hdfs.path("/fetched/mnist"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    CliRun r = CliRun.of("fetch-data", "--dataset", "mnist", "--dir", hdfs.uri() + "/fetched");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mnist already in " + hdfs.uri() + "/fetched/mnist"), r.out());
  }

  @Test
  void errorsNameTheHdfsUriAndTheCause() throws Exception {
    CliRun show = CliRun.of("show", hdfs.uri() + "/runs/none/encoded/test", "--master", "local[2]");
    assertEquals(2, show.code());
    assertTrue(
        show.err().contains(hdfs.uri() + "/runs/none/encoded/test: no such table"), show.err());

    writeText(hdfs.path("/conf/missing-data.yaml"), config("/nowhere/mnist", "/runs/missing"));
    CliRun encode =
        CliRun.of("encode", "--conf", hdfs.uri() + "/conf/missing-data.yaml", "--master", "local[2]");
    assertEquals(2, encode.code());
    assertTrue(
        encode.err().contains(hdfs.uri() + "/nowhere/mnist: dataset directory not found"), encode.err());

    CliRun conf = CliRun.of("encode", "--conf", hdfs.uri() + "/conf/nope.yaml");
    assertEquals(2, conf.code());
    assertTrue(conf.err().contains(hdfs.uri() + "/conf/nope.yaml: file not found"), conf.err());
  }
}
