package org.sparksnn.pipeline.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;

/**
 * What a training run measured at every step from the first, kept in its checkpoints so that a
 * resumed run reports the epochs before and across the resume as an uninterrupted run does.
 *
 * @param loss mean data loss per sample of steps {@code 0 … steps−1}
 * @param regularization mean rate-regularization loss per sample of each of those steps
 * @param correct samples each step classified correctly
 * @param endSeconds training seconds when each step ended, counted over every attempt (a restart's
 *     own start-up is not counted); non-decreasing
 * @param validation validation accuracy after each epoch (length: the run's epochs), NaN where not
 *     measured
 */
public record TrainingLog(
    double[] loss,
    double[] regularization,
    int[] correct,
    double[] endSeconds,
    double[] validation) {

  public TrainingLog {
    Checks.notNull("TrainingLog.loss", loss);
    int n = loss.length;
    Checks.check(
        regularization.length == n, "TrainingLog.regularization", "one per step",
        regularization.length);
    Checks.check(correct.length == n, "TrainingLog.correct", "one per step", correct.length);
    Checks.check(
        endSeconds.length == n, "TrainingLog.endSeconds", "one per step", endSeconds.length);
    Checks.notNull("TrainingLog.validation", validation);
  }

  /** The first {@code steps} entries of each step array (and every epoch's validation). */
  static TrainingLog prefix(
      int steps,
      double[] loss,
      double[] regularization,
      int[] correct,
      double[] endSeconds,
      double[] validation) {
    return new TrainingLog(
        Arrays.copyOf(loss, steps),
        Arrays.copyOf(regularization, steps),
        Arrays.copyOf(correct, steps),
        Arrays.copyOf(endSeconds, steps),
        validation.clone());
  }

  /** Steps logged. */
  public int steps() {
    return loss.length;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(loss.length);
    for (int i = 0; i < loss.length; i++) {
      out.writeDouble(loss[i]);
      out.writeDouble(regularization[i]);
      out.writeInt(correct[i]);
      out.writeDouble(endSeconds[i]);
    }
    out.writeInt(validation.length);
    for (double v : validation) {
      out.writeDouble(v);
    }
  }

  static TrainingLog read(DataInputStream in, String source) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available() / (3 * Double.BYTES + Integer.BYTES)) {
      throw new DataFormatException(source + ": bad training log length " + n);
    }
    double[] loss = new double[n];
    double[] reg = new double[n];
    int[] correct = new int[n];
    double[] ends = new double[n];
    for (int i = 0; i < n; i++) {
      loss[i] = in.readDouble();
      reg[i] = in.readDouble();
      correct[i] = in.readInt();
      ends[i] = in.readDouble();
    }
    int e = in.readInt();
    if (e < 0 || e > in.available() / Double.BYTES) {
      throw new DataFormatException(source + ": bad training log epoch count " + e);
    }
    double[] validation = new double[e];
    for (int i = 0; i < e; i++) {
      validation[i] = in.readDouble();
    }
    return new TrainingLog(loss, reg, correct, ends, validation);
  }
}
