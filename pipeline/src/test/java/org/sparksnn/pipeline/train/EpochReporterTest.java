package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.report.TrainingHistory;

class EpochReporterTest {
  // 37 samples in batches of 10: 4 steps per epoch (the last of 7 samples), 3 epochs
  private static final TrainingConfig TRAINING =
      new TrainingConfig(3, 10, 10, 1, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
  private static final long[] IDS = LongStream.range(0, 37).toArray();

  private record Sent(long afterStep, String message) {}

  /** Runs steps first..11 through a reporter, returning what it sent and after which step. */
  private static List<Sent> run(
      long first,
      double[] losses,
      double[] regularization,
      int[] correct,
      double[] validation,
      double[] ends) {
    List<Sent> sent = new ArrayList<>();
    long[] current = new long[1];
    EpochReporter reporter =
        new EpochReporter(
            m -> sent.add(new Sent(current[0], m)), TRAINING, new StepPlan(IDS, TRAINING), IDS.length, first);
    for (long step = first + 1; step <= 12; step++) {
      current[0] = step;
      reporter.afterStep(step, losses, regularization, correct, validation, ends);
    }
    return sent;
  }

  /** The progress line of {@code e} with validation accuracy {@code v}. */
  private static String line(TrainingHistory.Epoch e, double v) {
    return e.withValidation(v).progressLine(3);
  }

  @Test
  void eachEpochIsSentRightAfterItsLastStepWithTheLineTheHistoryWillHold() {
    double[] losses = {2.0, 1.8, 1.7, 1.5, 1.2, 1.1, 1.0, 0.9, 0.8, 0.75, 0.7, 0.6};
    double[] reg = {0.5, 0.4, 0.3, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05};
    int[] correct = {3, 4, 5, 4, 6, 7, 7, 5, 8, 8, 9, 6};
    double[] ends = {0.1, 0.2, 0.3, 0.35, 0.5, 0.6, 0.7, 0.72, 0.9, 1.0, 1.1, 1.15};
    double[] validation = {0.5, 0.625, 0.75};
    List<Sent> sent = run(0, losses, reg, correct, validation, ends);
    TrainingHistory history =
        TrainingHistory.fromSteps(losses, reg, correct, ends, 0, 10, 3, 37, Double.NaN);
    assertEquals(3, sent.size());
    for (int e = 0; e < 3; e++) {
      assertEquals(4L * (e + 1), sent.get(e).afterStep(), "epoch " + e + " is sent when its last step ends");
      assertEquals(
          e + "\t" + line(history.epochs().get(e), validation[e]), sent.get(e).message(), "epoch " + e);
    }
    assertEquals(
        "0\tepoch 1/3: loss " + String.format("%.4f", (2.0 * 10 + 1.8 * 10 + 1.7 * 10 + 1.5 * 7) / 37)
            + " reg " + String.format("%.4f", (0.5 * 10 + 0.4 * 10 + 0.3 * 10 + 0.2 * 7) / 37)
            + " train acc " + String.format("%.4f", 16 / 37.0) + " val acc 0.5000 | " + String.format("%.0f", 37 / 0.35) + " samples/s, " + String.format("%.1f", 0.35) + " s",
        sent.get(0).message());
  }

  @Test
  void aResumedRunSendsThePartOfTheEpochItRanAndTheFollowingEpochs() {
    // resumed from the step-6 checkpoint: steps 6..11 ran
    double[] losses = {1.0, 0.9, 0.8, 0.75, 0.7, 0.6};
    double[] reg = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05};
    int[] correct = {7, 5, 8, 8, 9, 6};
    double[] ends = {0.1, 0.2, 0.3, 0.4, 0.5, 0.55};
    double[] validation = {Double.NaN, 0.625, 0.75};
    List<Sent> sent = run(6, losses, reg, correct, validation, ends);
    TrainingHistory history =
        TrainingHistory.fromSteps(losses, reg, correct, ends, 6, 10, 3, 37, Double.NaN);
    assertEquals(List.of(8L, 12L), sent.stream().map(Sent::afterStep).toList());
    assertEquals("1\t" + line(history.epochs().get(1), 0.625), sent.get(0).message());
    assertEquals("2\t" + line(history.epochs().get(2), 0.75), sent.get(1).message());
    assertEquals(0.2, history.epochs().get(1).seconds(), 1e-12, "steps 6 and 7 of epoch 1");
    assertEquals((7 + 5) / 17.0, history.epochs().get(1).trainAccuracy(), "steps 6 (10 samples) and 7 (7)");
  }
}
