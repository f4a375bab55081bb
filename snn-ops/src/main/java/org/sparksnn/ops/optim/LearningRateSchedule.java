package org.sparksnn.ops.optim;

import org.sparksnn.ops.Checks;

/** A factor on the base learning rate as a function of the update step (0-based). */
public sealed interface LearningRateSchedule extends java.io.Serializable
    permits LearningRateSchedule.Constant,
        LearningRateSchedule.StepDecay,
        LearningRateSchedule.Cosine {

  /** The learning-rate factor at update {@code step} (0-based). */
  double factor(long step);

  /** Factor 1 at every step (the default). */
  record Constant() implements LearningRateSchedule {
    @Override
    public double factor(long step) {
      return 1.0;
    }
  }

  /**
   * Multiplies by {@code gamma} every {@code every} steps: {@code gamma^floor(step/every)}.
   *
   * @param every steps between drops, {@code > 0}
   * @param gamma factor per drop in (0, 1] (e.g. 0.1)
   */
  record StepDecay(long every, double gamma) implements LearningRateSchedule {
    public StepDecay {
      Checks.positive("StepDecay.every", every);
      Checks.check(gamma > 0 && gamma <= 1, "StepDecay.gamma", "must be in (0, 1]", gamma);
    }

    @Override
    public double factor(long step) {
      return Math.pow(gamma, step / every);
    }
  }

  /**
   * Cosine decay from 1 to {@code minFactor} over {@code totalSteps}, then constant: {@code min +
   * (1 − min)·(1 + cos(π·min(step, total)/total))/2}.
   *
   * @param totalSteps decay length in steps, {@code > 0}
   * @param minFactor final factor in [0, 1] (default 0)
   */
  record Cosine(long totalSteps, double minFactor) implements LearningRateSchedule {
    public Cosine {
      Checks.positive("Cosine.totalSteps", totalSteps);
      Checks.inRange("Cosine.minFactor", minFactor, 0, 1);
    }

    @Override
    public double factor(long step) {
      double p = Math.min(step, totalSteps) / (double) totalSteps;
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * p));
    }
  }
}
