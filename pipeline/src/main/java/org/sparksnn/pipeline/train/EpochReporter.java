package org.sparksnn.pipeline.train;

import java.util.Arrays;
import java.util.function.Consumer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.report.TrainingHistory;

/**
 * Replica 0's live progress: after the last step of every epoch, the epoch's line ({@link
 * TrainingHistory#fromSteps}, the figures the run's history will hold) goes to the driver as
 * {@code <epoch>\t<progress line>}, with the epoch's validation accuracy when the run measures it
 * ({@code -} otherwise).
 */
final class EpochReporter {
  private final Consumer<String> send;
  private final TrainingConfig training;
  private final long samplesPerEpoch;
  private final long stepsPerEpoch;
  private final long firstStep;

  /**
   * @param send where each epoch's message goes (replica 0: a {@link ProgressSender})
   * @param firstStep the step the run started from (0, or a checkpoint's step)
   */
  EpochReporter(
      Consumer<String> send, TrainingConfig training, StepPlan plan, long samplesPerEpoch, long firstStep) {
    this.send = send;
    this.training = training;
    this.samplesPerEpoch = samplesPerEpoch;
    this.stepsPerEpoch = plan.stepsPerEpoch();
    this.firstStep = firstStep;
  }

  /** The line of an epoch, parsed on the driver: its 0-based index, then the progress line. */
  static String encode(int epoch, String line) {
    return epoch + "\t" + line;
  }

  /**
   * Called after global step {@code step − 1} ran (so {@code step} steps are done): reports the
   * epoch that step ended, if it ended one. The step arrays hold what every step run so far
   * measured, from the first step on (mean loss, mean regularization loss, correct samples, the
   * loop's wall time at its end in s); {@code validation} the accuracy after each epoch (NaN: not
   * measured).
   */
  void afterStep(
      long step,
      double[] losses,
      double[] regularization,
      int[] correct,
      double[] validation,
      double[] ends) {
    if (step % stepsPerEpoch != 0 || step <= firstStep) {
      return;
    }
    int done = (int) (step - firstStep);
    TrainingHistory history =
        TrainingHistory.fromSteps(
            Arrays.copyOf(losses, done),
            Arrays.copyOf(regularization, done),
            Arrays.copyOf(correct, done),
            Arrays.copyOf(ends, done),
            firstStep,
            training.batchSize(),
            training.epochs(),
            samplesPerEpoch,
            Double.NaN);
    int epoch = (int) (step / stepsPerEpoch) - 1;
    TrainingHistory.Epoch e = history.epochs().get(epoch).withValidation(validation[epoch]);
    send.accept(encode(epoch, e.progressLine(training.epochs())));
  }
}
