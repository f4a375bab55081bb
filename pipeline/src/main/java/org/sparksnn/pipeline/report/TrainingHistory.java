package org.sparksnn.pipeline.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparksnn.pipeline.io.PathErrors;

/**
 * Per-epoch training figures, written as {@code history.csv} and {@code learning-curve.png} into a
 * model directory.
 */
public final class TrainingHistory {
  /**
   * One epoch.
   *
   * @param epoch 0-based epoch
   * @param loss mean training loss (without regularization)
   * @param regularization mean rate-regularization loss
   * @param trainAccuracy training accuracy during the epoch (forward pass as trained)
   * @param validationAccuracy spiking accuracy on the validation split, or NaN
   * @param samplesPerSecond training throughput
   * @param seconds wall time of the epoch (training only)
   */
  public record Epoch(
      int epoch,
      double loss,
      double regularization,
      double trainAccuracy,
      double validationAccuracy,
      double samplesPerSecond,
      double seconds) {}

  private final List<Epoch> epochs = new ArrayList<>();

  /** Appends an epoch. */
  public void add(Epoch e) {
    epochs.add(e);
  }

  /** The epochs so far. */
  public List<Epoch> epochs() {
    return List.copyOf(epochs);
  }

  /** The CSV text (header + one row per epoch). */
  public String toCsv() {
    StringBuilder sb =
        new StringBuilder(
            "epoch,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,seconds\n");
    for (Epoch e : epochs) {
      sb.append(e.epoch())
          .append(',')
          .append(e.loss())
          .append(',')
          .append(e.regularization())
          .append(',')
          .append(e.trainAccuracy())
          .append(',')
          .append(Double.isNaN(e.validationAccuracy()) ? "" : e.validationAccuracy())
          .append(',')
          .append(e.samplesPerSecond())
          .append(',')
          .append(e.seconds())
          .append('\n');
    }
    return sb.toString();
  }

  /** A PNG of loss and accuracies per epoch. */
  public byte[] learningCurvePng() {
    int n = epochs.size();
    double[] x = new double[n];
    double[] loss = new double[n];
    double[] train = new double[n];
    double[] val = new double[n];
    for (int i = 0; i < n; i++) {
      Epoch e = epochs.get(i);
      x[i] = e.epoch() + 1;
      loss[i] = e.loss();
      train[i] = e.trainAccuracy();
      val[i] = Double.isNaN(e.validationAccuracy()) ? 0 : e.validationAccuracy();
    }
    List<Series> series = new ArrayList<>();
    series.add(new Series("training loss", x, loss));
    series.add(new Series("training accuracy", x, train));
    if (n > 0 && !Double.isNaN(epochs.get(0).validationAccuracy())) {
      series.add(new Series("validation accuracy (spiking)", x, val));
    }
    return PngCharts.lineChart("Learning curve", "epoch", "loss / accuracy", series, true);
  }

  /** Writes {@code history.csv} and {@code learning-curve.png} into {@code dir}. */
  public void writeTo(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      try (OutputStream o = fs.create(new Path(dir, "history.csv"), true)) {
        o.write(toCsv().getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream o = fs.create(new Path(dir, "learning-curve.png"), true)) {
        o.write(learningCurvePng());
      }
    } catch (IOException e) {
      throw PathErrors.failure(dir, conf, "write training history", e);
    } catch (org.apache.hadoop.fs.FSError e) {
      throw PathErrors.failure(dir, conf, "write training history", e);
    }
  }
}
