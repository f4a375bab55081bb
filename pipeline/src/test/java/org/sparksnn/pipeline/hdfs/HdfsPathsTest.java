package org.sparksnn.pipeline.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.SnnException;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;
import org.sparksnn.pipeline.io.HadoopPaths;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.train.Checkpoint;
import org.sparksnn.pipeline.train.CheckpointStore;

/**
 * The file layer on a real, running HDFS (no Spark; fast enough for every build): datasets, model
 * directories, checkpoints and atomic output directories, a writer process killed mid-way, and
 * error messages that carry the full {@code hdfs://127.0.0.1:PORT/…} URI and the cause.
 */
class HdfsPathsTest {
  @TempDir static java.nio.file.Path tmp;
  private static MiniHdfs hdfs;
  private static Configuration conf;
  private static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start(tmp.resolve("dfs"));
    conf = hdfs.conf();
    fs = hdfs.fs();
    java.nio.file.Path local = tmp.resolve("fetched/mnist");
    HdfsFixtures.writeIdx(local, 40, 20, 3);
    fs.copyFromLocalFile(new Path(local.toUri()), hdfs.path("/data/mnist"));
    fs.mkdirs(hdfs.path("/private"));
    fs.setPermission(hdfs.path("/private"), new FsPermission((short) 0700));
    fs.mkdirs(hdfs.path("/shared"));
    fs.setPermission(hdfs.path("/shared"), new FsPermission((short) 0755));
    try (OutputStream o = fs.create(hdfs.path("/afile"))) {
      o.write(1);
    }
  }

  @AfterAll
  static void stop() {
    hdfs.close();
  }

  private static NetworkSpec spec() {
    return HdfsFixtures.spec("relu", 4);
  }

  private static void writeModel(Path dir, ParameterSet weights, boolean overwrite) {
    ModelFile file = new ModelFile(1, ArchitectureConfig.of(spec()), null, null);
    ModelDirectory.write(dir, file, weights, conf, overwrite);
  }

  private static <T> T as(String user, PrivilegedExceptionAction<T> action) throws Exception {
    return UserGroupInformation.createRemoteUser(user).doAs(action);
  }

  @Test
  void fetchedIdxFilesUploadedToHdfsReadAsOnTheLocalFileSystem() {
    IdxDataset.Split hdfsTrain = IdxDataset.read(hdfs.path("/data/mnist"), IdxFiles.TRAIN, conf);
    IdxDataset.Split localTrain =
        IdxDataset.read(new Path(tmp.resolve("fetched/mnist").toUri()), IdxFiles.TRAIN, conf);
    assertEquals(40, hdfsTrain.images().count());
    assertTrue(Arrays.equals(localTrain.images().pixels(), hdfsTrain.images().pixels()));
    assertTrue(Arrays.equals(localTrain.labels().labels(), hdfsTrain.labels().labels()));
  }

  @Test
  void modelDirectoryRoundTripsAndIsCommittedWithAMarker() {
    ParameterSet w = HdfsFixtures.weights(spec(), 5);
    Path dir = hdfs.path("/models/relu");
    writeModel(dir, w, false);
    assertTrue(OutputDir.isComplete(dir, conf));
    LoadedModel back = ModelDirectory.read(dir, conf);
    assertEquals(w.contentHash(), back.weights().contentHash());
    assertEquals(hdfs.uri() + "/models/relu", back.location());
  }

  @Test
  void checkpointsAreWrittenPrunedAndReadBack() {
    CheckpointStore store = new CheckpointStore(hdfs.uri() + "/ckpt/run1", conf);
    ParameterSet p = HdfsFixtures.weights(spec(), 1);
    for (long step = 1; step <= 5; step++) {
      store.write(new Checkpoint("h", step, p, new OptimizerState(step, List.of(p.zerosLike()))));
    }
    assertEquals(List.of(3L, 4L, 5L), store.steps());
    Checkpoint latest = store.latest("h").orElseThrow();
    assertEquals(5, latest.step());
    assertEquals(p.contentHash(), latest.params().contentHash());
  }

  @Test
  void uncommittedOutputIsInvisibleAndCommittedOutputIsComplete() throws Exception {
    Path target = hdfs.path("/out/table");
    OutputDir out = OutputDir.create(target, conf, false);
    try (OutputStream o = fs.create(new Path(out.tempPath(), "part-0"))) {
      o.write(new byte[1234]);
    }
    assertFalse(fs.exists(target));
    assertTrue(out.tempPath().getName().startsWith("."), out.tempPath().toString());
    out.commit();
    assertTrue(OutputDir.isComplete(target, conf));
    assertFalse(fs.exists(out.tempPath()));
  }

  @Test
  void writerKilledMidWayLeavesNothingAReaderAccepts() throws Exception {
    Path target = hdfs.path("/killed/model");
    Path leftover = KilledWriter.runAndKill(target);
    assertTrue(fs.exists(new Path(leftover, "model.yaml")), "the writer got mid-way");
    assertFalse(fs.exists(target), "nothing at the final path");
    assertFalse(OutputDir.isComplete(target, conf));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(target, conf));
    assertEquals(hdfs.uri() + "/killed/model: model directory not found", e.getMessage());
    for (FileStatus st : fs.listStatus(hdfs.path("/killed"))) {
      assertTrue(st.getPath().getName().startsWith("."), "only a hidden leftover: " + st.getPath());
    }
    // the next run writes the output as if nothing had happened
    ParameterSet w = HdfsFixtures.weights(spec(), 8);
    writeModel(target, w, false);
    assertEquals(w.contentHash(), ModelDirectory.read(target, conf).weights().contentHash());
  }

  @Test
  void writerKilledWhileReplacingAnOutputLeavesThePreviousOneIntact() {
    Path target = hdfs.path("/replace/model");
    ParameterSet old = HdfsFixtures.weights(spec(), 9);
    writeModel(target, old, false);
    KilledWriter.runAndKill(target);
    assertTrue(OutputDir.isComplete(target, conf));
    assertEquals(old.contentHash(), ModelDirectory.read(target, conf).weights().contentHash());
  }

  @Test
  void partialCopyOfACommittedModelIsRejectedByItsMarker() throws Exception {
    Path committed = hdfs.path("/copies/source");
    writeModel(committed, HdfsFixtures.weights(spec(), 4), false);
    // an interrupted copy (e.g. hdfs dfs -cp killed): the marker and model.yaml arrived, the
    // weights did not
    Path copy = hdfs.path("/copies/partial");
    fs.mkdirs(copy);
    for (String name : new String[] {OutputDir.MARKER, ModelDirectory.MODEL_YAML}) {
      org.apache.hadoop.fs.FileUtil.copy(
          fs, new Path(committed, name), fs, new Path(copy, name), false, conf);
    }
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ModelDirectory.read(copy, conf));
    assertTrue(
        e.getMessage()
            .startsWith(
                hdfs.uri()
                    + "/copies/partial: incomplete or changed since it was written: weights.npz"
                    + " is missing ("),
        e.getMessage());
    assertFalse(OutputDir.isComplete(copy, conf));
  }

  @Test
  void missingDatasetNamesTheUriAndSaysNotFound() {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> IdxDataset.read(hdfs.path("/nothing/mnist"), IdxFiles.TRAIN, conf));
    assertEquals(
        hdfs.uri()
            + "/nothing/mnist: dataset directory not found ("
            + hdfs.uri()
            + "/nothing does not exist)",
        e.getMessage());
  }

  @Test
  void missingFileInADatasetNamesTheFileUri() throws Exception {
    fs.mkdirs(hdfs.path("/data/empty"));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> IdxDataset.read(hdfs.path("/data/empty"), IdxFiles.TEST, conf));
    assertEquals(
        hdfs.uri() + "/data/empty/t10k-images-idx3-ubyte: file not found", e.getMessage());
  }

  @Test
  void aFileWhereADirectoryIsExpectedSaysNotADirectory() {
    DataFormatException dataset =
        assertThrows(
            DataFormatException.class,
            () -> IdxDataset.read(hdfs.path("/afile"), IdxFiles.TRAIN, conf));
    assertTrue(
        dataset.getMessage().startsWith(hdfs.uri() + "/afile: dataset directory expected")
            && dataset.getMessage().contains("not a directory"),
        dataset.getMessage());
    DataFormatException model =
        assertThrows(
            DataFormatException.class, () -> ModelDirectory.read(hdfs.path("/afile/m"), conf));
    assertEquals(
        hdfs.uri()
            + "/afile/m: model directory: "
            + hdfs.uri()
            + "/afile is a file, not a directory",
        model.getMessage());
    SnnException output =
        assertThrows(
            SnnException.class, () -> OutputDir.create(hdfs.path("/afile/out"), conf, false));
    assertEquals(
        hdfs.uri()
            + "/afile/out: cannot create output: "
            + hdfs.uri()
            + "/afile is a file, not a directory",
        output.getMessage());
  }

  @Test
  void permissionDeniedNamesTheUriAndTheCause() throws Exception {
    writeModel(hdfs.path("/private/model"), HdfsFixtures.weights(spec(), 2), false);
    DataFormatException read =
        as(
            "mallory",
            () ->
                assertThrows(
                    DataFormatException.class,
                    () -> ModelDirectory.read(hdfs.path("/private/model"), conf)));
    assertTrue(
        read.getMessage().startsWith(hdfs.uri() + "/private/model: permission denied (")
            && read.getMessage().contains("user=mallory"),
        read.getMessage());
    java.io.UncheckedIOException write =
        as(
            "mallory",
            () ->
                assertThrows(
                    java.io.UncheckedIOException.class,
                    () ->
                        writeModel(
                            hdfs.path("/shared/mallory-model"),
                            HdfsFixtures.weights(spec(), 2),
                            false)));
    assertTrue(
        write.getMessage().startsWith(hdfs.uri() + "/shared/.mallory-model.tmp-")
            && write.getMessage().contains(": cannot write model: permission denied (")
            && write.getMessage().contains("user=mallory"),
        write.getMessage());
    assertFalse(HadoopPaths.exists(hdfs.path("/shared/mallory-model"), conf));
  }
}
