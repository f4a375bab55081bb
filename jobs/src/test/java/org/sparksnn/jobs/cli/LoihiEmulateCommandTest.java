package org.sparksnn.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.io.NpyArray;
import org.sparksnn.ops.io.Npz;
import org.sparksnn.pipeline.io.FaultyFileSystem;

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

  /**
   * A small model directory: 8 inputs → dense0 (16) + act0 (loihi-relu) on chip → dense1 (4), the
   * off-chip readout; weights drawn with seed 7.
   */
  private Path smallModel() throws Exception {
    Path model = tmp.resolve("small-model");
    Files.createDirectories(model);
    Files.writeString(
        model.resolve("model.yaml"),
        """
        formatVersion: 1
        architecture:
          input: [8]
          dt: 0.001
          steps: 20
          initialVoltage: zero
          layers:
            - {type: dense, name: dense0, units: 16}
            - {type: activation, name: act0, neuron: loihi-relu}
            - {type: dense, name: dense1, units: 4}
        """);
    SplittableRandom rng = new SplittableRandom(7);
    try (OutputStream o = Files.newOutputStream(model.resolve("weights.npz"))) {
      Npz.write(
          o,
          Map.of(
              "dense0/kernel", NpyArray.ofDoubles(new int[] {8, 16}, uniform(rng, 8 * 16)),
              "dense0/bias", NpyArray.ofDoubles(new int[] {16}, uniform(rng, 16)),
              "dense1/kernel", NpyArray.ofDoubles(new int[] {16, 4}, uniform(rng, 16 * 4)),
              "dense1/bias", NpyArray.ofDoubles(new int[] {4}, uniform(rng, 4))));
    }
    return model;
  }

  private static double[] uniform(SplittableRandom rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble(-0.5, 1.0);
    }
    return v;
  }

  /** {@code steps} rows of 8 spikes drawn with seed 11, written to {@code in.npy}. */
  private Path inputSpikes(int steps) throws Exception {
    SplittableRandom rng = new SplittableRandom(11);
    int[] x = new int[steps * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(2);
    }
    Path npy = tmp.resolve("in.npy");
    try (OutputStream o = Files.newOutputStream(npy)) {
      Npz.writeNpy(o, NpyArray.ofInts(new int[] {steps, 8}, x));
    }
    return npy;
  }

  /** Runs {@code loihi-emulate} on the small model and {@code in}, writing {@code out}. */
  private CliRun emulate(Path in, Path out, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "loihi-emulate", "--model", smallModel().toString(), "--input-spikes", in.toString(),
        "--out", out.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** Asserts a user error: exit code 2 and one {@code error:} line; returns the message. */
  private static String userError(CliRun r) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    return r.error().substring("error: ".length());
  }

  /** Every file and directory under {@code dir}, hidden ones included, relative to it. */
  private static List<String> contents(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var files = Files.walk(dir)) {
      return files.filter(f -> !f.equals(dir)).map(f -> dir.relativize(f).toString()).sorted()
          .toList();
    }
  }

  @Test
  void spikeAmplitudeSetsWhatAnInputSpikeIsWorthAndMustBePositive() throws Exception {
    Path in = inputSpikes(20);
    CliRun nengo = emulate(in, tmp.resolve("a1/s.npz"));
    CliRun trained = emulate(in, tmp.resolve("a2/s.npz"), "--spike-amplitude", "0.001");
    assertEquals(0, nengo.code(), nengo.err());
    assertEquals(0, trained.code(), trained.err());
    JsonNode d1 = new ObjectMapper().readTree(tmp.resolve("a1/discretized.json").toFile());
    JsonNode d2 = new ObjectMapper().readTree(tmp.resolve("a2/discretized.json").toFile());
    assertTrue(!d1.equals(d2), "the input weights do not depend on the spike amplitude");
    for (String bad : List.of("0", "-1", "Infinity")) {
      Path outDir = tmp.resolve("bad");
      CliRun r = emulate(in, outDir.resolve("s.npz"), "--spike-amplitude", bad);
      assertTrue(
          userError(r).startsWith("--spike-amplitude must be a finite number > 0, got "), r.err());
      assertEquals(List.of(), contents(outDir));
    }
  }

  @Test
  void stepsMustLieWithinTheInputsRows() throws Exception {
    Path in = inputSpikes(20);
    Path outDir = tmp.resolve("steps");
    for (String n : List.of("21", "0")) {
      assertEquals(
          "--steps must be in [1, 20], got " + n,
          userError(emulate(in, outDir.resolve("s.npz"), "--steps", n)));
      assertEquals(List.of(), contents(outDir));
    }
  }

  @Test
  void unknownBlockShapeLayerIsAnError() throws Exception {
    Path outDir = tmp.resolve("x");
    CliRun r = emulate(inputSpikes(20), outDir.resolve("s.npz"), "--block-shape", "densex=10");
    assertEquals(
        "--block-shape: no on-chip layer 'densex'; on-chip layers: dense0 (act0)", userError(r));
    assertEquals(List.of(), contents(outDir));
  }

  @Test
  void blockShapeOfAnOnChipLayerByEitherNameIsUsed() throws Exception {
    Path outDir = tmp.resolve("x");
    for (String shape : List.of("dense0=8", "act0=(8,)")) {
      CliRun r = emulate(inputSpikes(20), outDir.resolve("s.npz"), "--block-shape", shape);
      assertEquals(0, r.code(), r.err());
      JsonNode d = new ObjectMapper().readTree(outDir.resolve("discretized.json").toFile());
      assertEquals(2, d.get("layers").get(0).get("cores").size(), shape);
    }
  }

  @Test
  void nonPositiveOrEmptyBlockShapeNamesTheOptionLayerAndValue() throws Exception {
    Path outDir = tmp.resolve("x");
    Path in = inputSpikes(20);
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("dense0=0", "--block-shape dense0: size must be > 0, got 0");
    cases.put("dense0=-5", "--block-shape dense0: size must be > 0, got -5");
    cases.put("dense0=(0,)", "--block-shape dense0: size must be > 0, got 0");
    cases.put("dense0=4,0,2", "--block-shape dense0: each size must be > 0, got 0 in '4,0,2'");
    cases.put("dense0=", "--block-shape dense0: no sizes given; expected N (dense layer) or"
        + " ROWS,COLS,CHANNELS (conv layer)");
    cases.put("dense0=4,4", "--block-shape dense0: expected N (dense layer) or"
        + " ROWS,COLS,CHANNELS (conv layer), got '4,4'");
    cases.put("dense0=four", "--block-shape dense0: expected integers, got 'four'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      CliRun r = emulate(in, outDir.resolve("s.npz"), "--block-shape", c.getKey());
      assertEquals(c.getValue(), userError(r), c.getKey());
      assertEquals(List.of(), contents(outDir), c.getKey());
    }
  }

  @Test
  void parsesOneOrThreeSizesWithOrWithoutParentheses() {
    Map<String, int[]> s = LoihiEmulateCommand.parseShapes(
        Map.of("a", "125", "b", "(50,)", "c", "16,16,4", "d", "(8, 8, 16)"));
    assertArrayEquals(new int[] {125}, s.get("a"));
    assertArrayEquals(new int[] {50}, s.get("b"));
    assertArrayEquals(new int[] {16, 16, 4}, s.get("c"));
    assertArrayEquals(new int[] {8, 8, 16}, s.get("d"));
  }

  /** {@code file:/…}, as Hadoop names a local path. */
  private static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  /** The command with {@code --model}, {@code --input-spikes} and {@code --out} set. */
  private LoihiEmulateCommand command(Path in, Path out) throws Exception {
    LoihiEmulateCommand c = new LoihiEmulateCommand();
    c.model = smallModel().toString();
    c.inputSpikes = in.toString();
    c.out = out.toString();
    return c;
  }

  /**
   * {@code x} as {@code np.save} writes a one-byte array of {@code descr} ({@code |u1} or {@code
   * |b1}): format 1.0, header padded with spaces and a newline to a multiple of 64 bytes.
   */
  private Path oneByteSpikes(String name, String descr, int steps, int[] x) throws Exception {
    String header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + steps + ", 8), }";
    header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
    Path npy = tmp.resolve(name);
    try (OutputStream o = Files.newOutputStream(npy)) {
      o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
      o.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int v : x) {
        o.write(v);
      }
    }
    return npy;
  }

  @Test
  void uint8AndBoolInputSpikesGiveTheSameSpikesAsInt32() throws Exception {
    Path outDir = tmp.resolve("x");
    assertEquals(0, emulate(inputSpikes(20), outDir.resolve("i4.npz")).code());
    int[] x;
    try (InputStream in = Files.newInputStream(inputSpikes(20))) {
      x = Arrays.stream(Npz.parseNpy(in.readAllBytes(), "in.npy").toLongs())
          .mapToInt(v -> (int) v).toArray();
    }
    byte[] want = Files.readAllBytes(outDir.resolve("i4.npz"));
    for (String descr : List.of("|u1", "|b1")) {
      Path in = oneByteSpikes("in" + descr.substring(1) + ".npy", descr, 20, x);
      CliRun r = emulate(in, outDir.resolve("s.npz"));
      assertEquals(0, r.code(), r.err());
      assertArrayEquals(want, Files.readAllBytes(outDir.resolve("s.npz")), descr);
    }
  }

  @Test
  void inputSpikesOfAnUnsupportedDtypeOrShapeNameTheFile() throws Exception {
    Path outDir = tmp.resolve("x");
    Path half = tmp.resolve("half.npy");
    byte[] good = Files.readAllBytes(inputSpikes(20));
    Files.write(
        half,
        new String(good, java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("<i4", "<f2")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(
        half
            + ": unsupported dtype '<f2', expected one of <f4, <f8, |b1, |i1, |u1, <i2, <u2, <i4,"
            + " <i8 (little-endian or single-byte)",
        userError(emulate(half, outDir.resolve("s.npz"))));
    Path wide = oneByteSpikes("wide.npy", "|u1", 2, new int[16]);
    Files.write(
        wide,
        new String(Files.readAllBytes(wide), java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("(2, 8)", "(4, 4)")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(
        wide + ": shape is [4, 4], expected [steps, 8]",
        userError(emulate(wide, outDir.resolve("s.npz"))));
    int[] withATwo = new int[16];
    withATwo[2] = 2;
    Path two = oneByteSpikes("two.npy", "|u1", 2, withATwo);
    assertEquals(
        two + ": element [0, 2] is 2.0, expected 0 or 1",
        userError(emulate(two, outDir.resolve("s.npz"))));
    assertEquals(List.of(), contents(outDir));
  }

  @Test
  void emptyInputSpikesNameTheFileAndShape() throws Exception {
    Path npy = tmp.resolve("empty.npy");
    try (OutputStream o = Files.newOutputStream(npy)) {
      Npz.writeNpy(o, NpyArray.ofInts(new int[] {0, 8}, new int[0]));
    }
    Path outDir = tmp.resolve("x");
    String want = npy + ": has 0 steps (shape [0, 8]), expected at least 1";
    assertEquals(want, userError(emulate(npy, outDir.resolve("s.npz"))));
    assertEquals(want, userError(emulate(npy, outDir.resolve("s.npz"), "--steps", "5")));
    assertEquals(List.of(), contents(outDir));
  }

  @Test
  void successWritesBothFilesAndNoTemporariesAndARerunReplacesThem() throws Exception {
    Path outDir = tmp.resolve("x");
    Path in = inputSpikes(20);
    CliRun first = emulate(in, outDir.resolve("s.npz"));
    assertEquals(0, first.code(), first.err());
    List<String> written =
        List.of(".discretized.json.crc", ".s.npz.crc", "discretized.json", "s.npz");
    assertEquals(written, contents(outDir));
    byte[] spikes = Files.readAllBytes(outDir.resolve("s.npz"));
    Files.writeString(outDir.resolve("discretized.json"), "stale");
    CliRun second = emulate(in, outDir.resolve("s.npz"), "--steps", "10");
    assertEquals(0, second.code(), second.err());
    assertEquals(written, contents(outDir));
    assertTrue(Files.readString(outDir.resolve("discretized.json")).contains("\"layers\""));
    Map<String, NpyArray> again;
    try (InputStream s = Files.newInputStream(outDir.resolve("s.npz"))) {
      again = Npz.read(s, "s.npz");
    }
    assertArrayEquals(new int[] {10, 16}, again.get("dense0").shape());
    assertTrue(spikes.length > 0);
  }

  @Test
  void directoryAtOutIsAnErrorAndIsLeftAlone() throws Exception {
    Path outDir = tmp.resolve("x");
    Path target = outDir.resolve("s.npz");
    Files.createDirectories(target);
    String want = "--out " + uri(target) + ": is a directory, expected a file";
    // empty: not deleted and replaced
    assertEquals(want, userError(emulate(inputSpikes(20), target)));
    assertEquals(List.of("s.npz"), contents(outDir));
    // not empty: the same error, and no temporary beside it
    Files.writeString(target.resolve("keep.txt"), "mine");
    assertEquals(want, userError(emulate(inputSpikes(20), target)));
    assertEquals(List.of("s.npz", "s.npz/keep.txt"), contents(outDir));
  }

  @Test
  void directoryAtDiscretizedJsonBesideOutIsAnError() throws Exception {
    Path outDir = tmp.resolve("x");
    Files.createDirectories(outDir.resolve("discretized.json"));
    assertEquals(
        "--out " + uri(outDir.resolve("s.npz")) + ": " + uri(outDir.resolve("discretized.json"))
            + ", written beside it, is a directory, expected a file",
        userError(emulate(inputSpikes(20), outDir.resolve("s.npz"))));
    assertEquals(List.of("discretized.json"), contents(outDir));
  }

  @Test
  void outNamedLikeTheJsonBesideItOrUnderAFileIsAnError() throws Exception {
    Path outDir = tmp.resolve("x");
    assertEquals(
        "--out " + uri(outDir.resolve("discretized.json")) + ": is named discretized.json, the"
            + " file loihi-emulate writes beside --out; choose another name",
        userError(emulate(inputSpikes(20), outDir.resolve("discretized.json"))));
    assertEquals(List.of(), contents(outDir));
    Path file = tmp.resolve("afile");
    Files.writeString(file, "not a directory");
    assertEquals(
        "--out " + uri(file.resolve("sub/s.npz")) + ": " + uri(file) + " is a file, not a"
            + " directory",
        userError(emulate(inputSpikes(20), file.resolve("sub/s.npz"))));
  }

  @Test
  void diskFullWhileWritingTheJsonLeavesThePreviousOutputsAndNoTemporaries() throws Exception {
    Path outDir = tmp.resolve("x");
    Path in = inputSpikes(20);
    assertEquals(0, emulate(in, outDir.resolve("s.npz")).code());
    byte[] spikes = Files.readAllBytes(outDir.resolve("s.npz"));
    byte[] json = Files.readAllBytes(outDir.resolve("discretized.json"));
    List<String> before = contents(outDir);
    Configuration conf = FaultyFileSystem.configure(new Configuration());
    conf.set(FaultyFileSystem.FAIL_NAME, "\\.discretized\\.json\\.tmp-.*");
    conf.setLong(FaultyFileSystem.FAIL_AFTER_BYTES, 10);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> command(in, outDir.resolve("s.npz")).run(conf));
    assertEquals(uri(outDir.resolve("discretized.json")) + ": cannot write: No space left on device",
        e.getMessage());
    assertEquals(1, conf.getInt(FaultyFileSystem.INJECTED, 0));
    assertEquals(before, contents(outDir));
    assertArrayEquals(spikes, Files.readAllBytes(outDir.resolve("s.npz")));
    assertArrayEquals(json, Files.readAllBytes(outDir.resolve("discretized.json")));
  }

  @Test
  void fsErrorWhileWritingTheSpikesIsReportedAndLeavesNothingBehind() throws Exception {
    Path outDir = tmp.resolve("new/x");
    Configuration conf = new Configuration();
    conf.setClass("fs.file.impl", FsErrorFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> command(inputSpikes(20), outDir.resolve("s.npz")).run(conf));
    assertEquals(uri(outDir.resolve("s.npz")) + ": cannot write: No space left on device",
        e.getMessage());
    // the directories created for the outputs are gone too
    assertEquals(List.of(), contents(tmp.resolve("new")));
    assertFalse(Files.exists(tmp.resolve("new")));
  }

  /**
   * The local file system whose files named {@code .s.npz.tmp-…} fail every write with the {@link
   * FSError} that Hadoop's local file system throws when the disk is full (an {@code Error}
   * wrapping {@code IOException("No space left on device")}).
   */
  static final class FsErrorFileSystem extends RawLocalFileSystem {
    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
        int bufferSize, short replication, long blockSize, Progressable progress)
        throws IOException {
      return failing(f,
          super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
      return failing(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream failing(org.apache.hadoop.fs.Path f, FSDataOutputStream out) throws IOException {
      if (!f.getName().startsWith(".s.npz.tmp-")) {
        return out;
      }
      OutputStream full = new OutputStream() {
        @Override
        public void write(int b) {
          throw fsError();
        }

        @Override
        public void write(byte[] b, int off, int len) {
          throw fsError();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
      return new FSDataOutputStream(full, statistics);
    }

    private static FSError fsError() {
      try {
        Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
        c.setAccessible(true); // package-private: only Hadoop's local file system makes them
        return c.newInstance(new IOException("No space left on device"));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }
}
