package org.sparksnn.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;

class TrainingHistoryTest {

  @Test
  void markdownTableCountsEpochsFromOneAndShowsPercentages() {
    TrainingHistory h = new TrainingHistory();
    h.add(new TrainingHistory.Epoch(0, 0.30854, 0.0, 0.9072333, 0.9441, 14069.74, 4.2644));
    h.add(new TrainingHistory.Epoch(1, 0.14644, 0.00125, 0.95615, Double.NaN, 14806.1, 4.052));
    List<String> rows = h.markdownTable().lines().toList();
    assertEquals(4, rows.size(), h.markdownTable());
    assertTrue(rows.get(0).startsWith("| epoch | loss |"), rows.get(0));
    assertEquals("| 1 | 0.3085 | 0.0000 | 90.72 % | 94.41 % | 14,070 | 4.3 |", rows.get(2));
    assertEquals("| 2 | 0.1464 | 0.0013 | 95.62 % | – | 14,806 | 4.1 |", rows.get(3));
  }

  @Test
  void distributedHistoryAveragesEachEpochsStepsAndTimesThem() {
    // 2 epochs of 3 steps; each step takes 1 s in epoch 0 and 0.5 s in epoch 1
    double[] loss = {6, 5, 4, 3, 2, 1};
    double[] ends = {1, 2, 3, 3.5, 4, 4.5};
    List<TrainingHistory.Epoch> e = TrainingHistory.fromSteps(loss, ends, 0, 30, 2, 90, 0.9).epochs();
    assertEquals(5, e.get(0).loss(), 1e-12);
    assertEquals(3, e.get(0).seconds(), 1e-12);
    assertEquals(30, e.get(0).samplesPerSecond(), 1e-12);
    assertEquals(2, e.get(1).loss(), 1e-12);
    assertEquals(1.5, e.get(1).seconds(), 1e-12);
    assertEquals(60, e.get(1).samplesPerSecond(), 1e-12);
    assertTrue(Double.isNaN(e.get(0).validationAccuracy()));
    assertEquals(0.9, e.get(1).validationAccuracy());
  }

  @Test
  void epochLossWeightsTheShortLastStepByItsSamplesLikeTheSingleProcessTrainer() {
    // 70 samples, batch 30: steps of 30, 30 and 10 samples per epoch
    double[] loss = {6, 5, 4, 3, 2, 1};
    double[] ends = {1, 2, 3, 4, 5, 6};
    List<TrainingHistory.Epoch> e = TrainingHistory.fromSteps(loss, ends, 0, 30, 2, 70, 0.9).epochs();
    assertEquals((6 * 30 + 5 * 30 + 4 * 10) / 70.0, e.get(0).loss(), 1e-12);
    assertEquals((3 * 30 + 2 * 30 + 1 * 10) / 70.0, e.get(1).loss(), 1e-12);
    assertEquals(70 / 3.0, e.get(1).samplesPerSecond(), 1e-12);
  }

  @Test
  void resumedRunHasNoFiguresForEpochsItDidNotRunAndPartialOnesForTheEpochItResumedIn() {
    // resumed at step 4 of 2 x 3 steps: ran steps 4 and 5 only
    List<TrainingHistory.Epoch> e =
        TrainingHistory.fromSteps(new double[] {2, 1}, new double[] {0.5, 1.0}, 4, 30, 2, 90, Double.NaN)
            .epochs();
    assertTrue(Double.isNaN(e.get(0).loss()) && Double.isNaN(e.get(0).seconds()));
    assertEquals(1.5, e.get(1).loss(), 1e-12);
    assertEquals(1.0, e.get(1).seconds(), 1e-12);
    assertEquals(60, e.get(1).samplesPerSecond(), 1e-12); // 2 of 3 steps' share of 90 samples in 1 s
  }

  @Test
  void csvRoundTripsAndAMalformedRowNamesFileAndLine(@TempDir Path dir) throws Exception {
    TrainingHistory h = new TrainingHistory();
    h.add(new TrainingHistory.Epoch(0, 0.5, 0.01, 0.8, Double.NaN, 1000, 2.5));
    h.add(new TrainingHistory.Epoch(1, 0.25, 0.0, 0.9, 0.875, 1200, 2.0));
    org.apache.hadoop.fs.Path hdir = new org.apache.hadoop.fs.Path(dir.toUri());
    h.writeTo(hdir, new Configuration());
    assertEquals(h.epochs(), TrainingHistory.readFrom(hdir, new Configuration()).epochs());
    assertTrue(Files.size(dir.resolve("learning-curve.png")) > 1000);

    Files.writeString(dir.resolve("history.csv"), h.toCsv() + "2,0.1,oops\n", StandardCharsets.UTF_8);
    Files.deleteIfExists(dir.resolve(".history.csv.crc")); // edited behind Hadoop's checksum
    DataFormatException bad =
        assertThrows(DataFormatException.class, () -> TrainingHistory.readFrom(hdir, new Configuration()));
    assertTrue(bad.getMessage().contains("history.csv: line 4 must have 7 fields, got 3"), bad.getMessage());
  }

  @Test
  void csvCountsEpochsFromOneAsTheConsoleDoes() {
    TrainingHistory h = new TrainingHistory();
    h.add(new TrainingHistory.Epoch(0, 0.5, 0.01, 0.8, Double.NaN, 1000, 2.5));
    h.add(new TrainingHistory.Epoch(1, 0.25, 0.0, 0.9, 0.875, 1200, 2.0));
    assertEquals(
        "epoch,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,seconds\n"
            + "1,0.5,0.01,0.8,,1000.0,2.5\n"
            + "2,0.25,0.0,0.9,0.875,1200.0,2.0\n",
        h.toCsv());
    assertTrue(h.epochs().get(0).progressLine(2).startsWith("epoch 1/2: "));
  }

  @Test
  void olderZeroBasedCsvReadsAsTheSameEpochs(@TempDir Path dir) throws Exception {
    String header =
        "epoch,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,seconds\n";
    Files.writeString(
        dir.resolve("history.csv"),
        header + "0,0.5,0.01,0.8,,1000.0,2.5\n1,0.25,0.0,0.9,0.875,1200.0,2.0\n",
        StandardCharsets.UTF_8);
    List<TrainingHistory.Epoch> old =
        TrainingHistory.readFrom(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration())
            .epochs();
    assertEquals(
        List.of(
            new TrainingHistory.Epoch(0, 0.5, 0.01, 0.8, Double.NaN, 1000, 2.5),
            new TrainingHistory.Epoch(1, 0.25, 0.0, 0.9, 0.875, 1200, 2.0)),
        old);
    Files.writeString(
        dir.resolve("history.csv"),
        header + "1,0.5,0.01,0.8,,1000.0,2.5\n2,0.25,0.0,0.9,0.875,1200.0,2.0\n",
        StandardCharsets.UTF_8);
    assertEquals(
        old,
        TrainingHistory.readFrom(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration())
            .epochs());
  }
}
