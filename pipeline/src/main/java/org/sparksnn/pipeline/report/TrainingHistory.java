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
 * model directory. In memory an {@link Epoch} keeps the 0-based index the trainers use; {@code
 * history.csv}, the learning curve, the report table and the progress lines count epochs from 1.
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
      double seconds) {

    /** The epoch a trainer measured ({@code stats}), with its validation accuracy (or NaN). */
    public static Epoch of(org.sparksnn.ops.train.EpochStats stats, double validationAccuracy) {
      return new Epoch(
          stats.epoch(),
          stats.meanLoss(),
          stats.meanRegularizationLoss(),
          stats.trainAccuracy(),
          validationAccuracy,
          stats.samplesPerSecond(),
          stats.seconds());
    }

    /** This epoch with validation accuracy {@code accuracy} (NaN: not measured). */
    public Epoch withValidation(double accuracy) {
      return new Epoch(
          epoch, loss, regularization, trainAccuracy, accuracy, samplesPerSecond, seconds);
    }

    /**
     * The progress line of this epoch, e.g. {@code epoch 2/10: loss 0.3120 reg 0.0000 train acc
     * 0.9012 val acc 0.8950 | 1234 samples/s, 48.6 s} ({@code -} for a figure not measured).
     */
    public String progressLine(int epochs) {
      return "epoch " + (epoch + 1) + "/" + epochs
          + ": loss " + String.format("%.4f", loss)
          + " reg " + String.format("%.4f", regularization)
          + " train acc " + (Double.isNaN(trainAccuracy) ? "-" : String.format("%.4f", trainAccuracy))
          + " val acc "
          + (Double.isNaN(validationAccuracy) ? "-" : String.format("%.4f", validationAccuracy))
          + " | " + (Double.isNaN(samplesPerSecond) ? "-" : String.format("%.0f", samplesPerSecond))
          + " samples/s, " + String.format("%.1f", seconds) + " s";
    }
  }

  /**
   * {@link #fromSteps(double[], double[], int[], double[], long, int, int, long, double)} without
   * per-step regularization losses (0) or correct counts (training accuracy NaN).
   */
  public static TrainingHistory fromSteps(
      double[] stepLoss,
      double[] stepEndSeconds,
      long firstStep,
      int batchSize,
      int epochs,
      long samplesPerEpoch,
      double lastValidation) {
    return fromSteps(
        stepLoss, null, null, stepEndSeconds, firstStep, batchSize, epochs, samplesPerEpoch,
        lastValidation);
  }

  /**
   * The history of a distributed run, derived from what it measured at each step: with {@code
   * stepsPerEpoch = ceil(samplesPerEpoch / batchSize)}, epoch {@code e} covers global steps {@code
   * [e·stepsPerEpoch, (e+1)·stepsPerEpoch)}; its loss and regularization loss are per-sample means
   * over the covered steps this attempt ran (each step weighted by its samples: the last step of an
   * epoch may be short, as the single-process trainer's epoch figures are), its training accuracy
   * the covered steps' correct samples over their samples, its seconds and throughput come from
   * those steps' times. Epochs that ran before a resume have NaN figures.
   *
   * @param stepLoss mean loss of every step this attempt ran, from {@code firstStep} on
   * @param stepRegularization mean rate-regularization loss of each of those steps, or null (0)
   * @param stepCorrect samples each of those steps classified correctly (forward pass as trained),
   *     or null (training accuracy NaN)
   * @param stepEndSeconds wall time at the end of each of those steps, s (non-decreasing)
   * @param firstStep the global step this attempt started from (0, or a checkpoint's step)
   * @param batchSize samples per global step (the last step of an epoch takes the rest), {@code > 0}
   * @param epochs number of epochs
   * @param samplesPerEpoch training samples per epoch, {@code > 0}
   * @param lastValidation validation accuracy after the last epoch, or NaN
   */
  public static TrainingHistory fromSteps(
      double[] stepLoss,
      double[] stepRegularization,
      int[] stepCorrect,
      double[] stepEndSeconds,
      long firstStep,
      int batchSize,
      int epochs,
      long samplesPerEpoch,
      double lastValidation) {
    long stepsPerEpoch = (samplesPerEpoch + batchSize - 1) / batchSize;
    long lastStepSamples = samplesPerEpoch - (stepsPerEpoch - 1) * batchSize;
    TrainingHistory history = new TrainingHistory();
    long end = firstStep + stepLoss.length;
    for (int epoch = 0; epoch < epochs; epoch++) {
      long from = Math.max(epoch * stepsPerEpoch, firstStep);
      long to = Math.min((epoch + 1) * stepsPerEpoch, end);
      double loss = Double.NaN;
      double regularization = Double.NaN;
      double accuracy = Double.NaN;
      double seconds = Double.NaN;
      double perSecond = Double.NaN;
      if (to > from) {
        double sum = 0;
        double regSum = 0;
        long correct = 0;
        long samples = 0;
        for (long s = from; s < to; s++) {
          int i = (int) (s - firstStep);
          long n = s % stepsPerEpoch == stepsPerEpoch - 1 ? lastStepSamples : batchSize;
          sum += stepLoss[i] * n;
          if (stepRegularization != null) {
            regSum += stepRegularization[i] * n;
          }
          if (stepCorrect != null) {
            correct += stepCorrect[i];
          }
          samples += n;
        }
        loss = sum / samples;
        regularization = regSum / samples;
        accuracy = stepCorrect == null ? Double.NaN : (double) correct / samples;
        double start = from == firstStep ? 0 : stepEndSeconds[(int) (from - firstStep - 1)];
        seconds = stepEndSeconds[(int) (to - 1 - firstStep)] - start;
        perSecond = seconds > 0 ? samples / seconds : Double.NaN;
      }
      history.add(
          new Epoch(
              epoch,
              loss,
              regularization,
              accuracy,
              epoch == epochs - 1 ? lastValidation : Double.NaN,
              perSecond,
              seconds));
    }
    return history;
  }

  private final List<Epoch> epochs = new ArrayList<>();

  /** Appends an epoch. */
  public void add(Epoch e) {
    epochs.add(e);
  }

  /** The epochs so far. */
  public List<Epoch> epochs() {
    return List.copyOf(epochs);
  }

  /** The CSV text (header + one row per epoch, epochs counted from 1). */
  public String toCsv() {
    StringBuilder sb =
        new StringBuilder(
            "epoch,loss,regularization,train_accuracy,validation_accuracy,samples_per_s,seconds\n");
    for (Epoch e : epochs) {
      sb.append(e.epoch() + 1)
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

  /**
   * A Markdown table of the epochs for a report: epochs counted from 1 (as the progress lines, the
   * learning curve and {@code history.csv} count them), losses to four decimals, accuracies in
   * percent ("–" where not measured), throughput in whole samples/s.
   */
  public String markdownTable() {
    StringBuilder sb =
        new StringBuilder(
            "| epoch | loss | regularization | train accuracy | validation accuracy (spiking) |"
                + " samples/s | seconds |\n|---|---|---|---|---|---|---|\n");
    for (Epoch e : epochs) {
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "| %d | %.4f | %.4f | %s | %s | %,.0f | %.1f |%n",
              e.epoch() + 1,
              e.loss(),
              e.regularization(),
              percent(e.trainAccuracy()),
              percent(e.validationAccuracy()),
              e.samplesPerSecond(),
              e.seconds()));
    }
    return sb.toString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction)
        ? "–"
        : String.format(java.util.Locale.ROOT, "%.2f %%", 100 * fraction);
  }

  /**
   * The history in {@code dir/history.csv} (as {@link #writeTo} wrote it); empty if there is none.
   * Every history starts at the first epoch, so a file whose first row is epoch 0 was written
   * before {@code history.csv} counted epochs from 1 and is read as 0-based; any other file as
   * 1-based.
   *
   * @throws org.sparksnn.ops.DataFormatException naming the file and line of a malformed row
   */
  public static TrainingHistory readFrom(Path dir, Configuration conf) {
    Path csv = new Path(dir, "history.csv");
    TrainingHistory h = new TrainingHistory();
    try {
      FileSystem fs = csv.getFileSystem(conf);
      if (!fs.exists(csv)) {
        return h;
      }
      List<String> lines;
      try (java.io.InputStream in = fs.open(csv)) {
        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
      int first = 1; // subtracted from the file's epoch numbers; 0 for a 0-based file
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",", -1);
        if (f.length != 7) {
          throw new org.sparksnn.ops.DataFormatException(
              csv + ": line " + (i + 1) + " must have 7 fields, got " + f.length);
        }
        try {
          int epoch = Integer.parseInt(f[0]);
          if (i == 1 && epoch == 0) {
            first = 0;
          }
          h.add(
              new Epoch(
                  epoch - first,
                  Double.parseDouble(f[1]),
                  Double.parseDouble(f[2]),
                  Double.parseDouble(f[3]),
                  f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4]),
                  Double.parseDouble(f[5]),
                  Double.parseDouble(f[6])));
        } catch (NumberFormatException e) {
          throw new org.sparksnn.ops.DataFormatException(
              csv + ": line " + (i + 1) + ": not a number: " + e.getMessage(), e);
        }
      }
      return h;
    } catch (IOException e) {
      throw PathErrors.failure(csv, conf, "read training history", e);
    }
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
