package org.sparksnn.jobs.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.optim.LearningRateSchedule;

/** The learning-rate schedule, selected by {@code type}; a factor on the optimizer's rate. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ScheduleConfig.Constant.class, name = "constant"),
  @JsonSubTypes.Type(value = ScheduleConfig.Step.class, name = "step"),
  @JsonSubTypes.Type(value = ScheduleConfig.Cosine.class, name = "cosine")
})
public sealed interface ScheduleConfig {
  /** The schedule for a run of {@code totalSteps} optimizer steps. */
  LearningRateSchedule toDomain(long totalSteps);

  /** Factor 1 throughout. */
  record Constant() implements ScheduleConfig {
    @Override
    public LearningRateSchedule toDomain(long totalSteps) {
      return new LearningRateSchedule.Constant();
    }
  }

  /**
   * Multiply by {@code gamma} every {@code every} optimizer steps.
   *
   * @param every steps between decays, &gt; 0
   * @param gamma factor per decay, in (0, 1]
   */
  record Step(long every, double gamma) implements ScheduleConfig {
    public Step {
      Checks.positive("every", every);
      Checks.check(gamma > 0 && gamma <= 1, "gamma", "must be in (0, 1]", gamma);
    }

    @Override
    public LearningRateSchedule toDomain(long totalSteps) {
      return new LearningRateSchedule.StepDecay(every, gamma);
    }
  }

  /**
   * Cosine decay from 1 to {@code minFactor} over the whole run.
   *
   * @param minFactor final factor, in [0, 1]; default 0
   */
  record Cosine(Double minFactor) implements ScheduleConfig {
    public Cosine {
      minFactor = minFactor == null ? 0.0 : minFactor;
      Checks.inRange("minFactor", minFactor, 0.0, 1.0);
    }

    @Override
    public LearningRateSchedule toDomain(long totalSteps) {
      return new LearningRateSchedule.Cosine(Math.max(1, totalSteps), minFactor);
    }
  }
}
