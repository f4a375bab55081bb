package org.sparksnn.pipeline.train;

import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.pipeline.report.TrainingHistory;

/**
 * The outcome of a synchronous training run.
 *
 * @param params final weights
 * @param optimizerState final optimizer state
 * @param steps optimizer steps applied in total (including those before a resume)
 * @param resumedFromStep the step this run (or its last retried attempt) started from; 0 for a
 *     fresh start
 * @param loggedFromStep the first step the step arrays hold: 0, or {@code resumedFromStep} when
 *     the checkpoint resumed from did not log the steps before it ({@link TrainingLog})
 * @param stepLoss mean data loss per sample of each step from {@code loggedFromStep} on
 * @param stepRegularization mean rate-regularization loss per sample of each of those steps
 * @param stepCorrect samples each of those steps classified correctly (forward pass as trained)
 * @param epochValidation validation accuracy after each epoch (length: the run's epochs), NaN where
 *     it was not measured (no validation data, or an epoch that ended before an unlogged resume)
 * @param seconds wall time of the training loop of the attempt that finished, s
 * @param stepEndSeconds for each step of {@code stepLoss}, the training seconds when it ended,
 *     counted over the attempts (non-decreasing)
 * @param timings where the step time of the finished attempt went (on the replica that returned)
 * @param numerics the {@link org.sparksnn.ops.net.NumericsFingerprint} of the process that ran the
 *     training loop and applied the updates: barrier replica 0, whose peers were checked equal to
 *     it before the first step; in reference mode the driver (its tasks were checked equal to each
 *     other, and a driver that differs from them was warned about)
 */
public record TrainingResult(
    ParameterSet params,
    OptimizerState optimizerState,
    long steps,
    long resumedFromStep,
    long loggedFromStep,
    double[] stepLoss,
    double[] stepRegularization,
    int[] stepCorrect,
    double[] epochValidation,
    double seconds,
    double[] stepEndSeconds,
    StepTimings timings,
    String numerics)
    implements java.io.Serializable {

  /**
   * The per-epoch history of this run ({@link TrainingHistory#fromSteps(double[], double[], int[],
   * double[], long, int, int, long, double)}) with its validation accuracies: {@code batchSize}
   * samples per step, {@code samplesPerEpoch} per epoch; {@code lastValidation}, if not NaN,
   * stands for the last epoch's when the run measured none.
   */
  public TrainingHistory history(
      int batchSize, int epochs, long samplesPerEpoch, double lastValidation) {
    TrainingHistory steps =
        TrainingHistory.fromSteps(
            stepLoss, stepRegularization, stepCorrect, stepEndSeconds, loggedFromStep, batchSize,
            epochs, samplesPerEpoch, Double.NaN);
    TrainingHistory history = new TrainingHistory();
    for (TrainingHistory.Epoch e : steps.epochs()) {
      int i = e.epoch();
      double measured = i < epochValidation.length ? epochValidation[i] : Double.NaN;
      double validation = Double.isNaN(measured) && i == epochs - 1 ? lastValidation : measured;
      history.add(e.withValidation(validation));
    }
    return history;
  }

  /** Wall time per step of the finished attempt, ms. */
  public double millisPerStep() {
    long n = steps - resumedFromStep;
    return n == 0 ? 0 : seconds * 1e3 / n;
  }
}
