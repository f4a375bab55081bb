package org.sparksnn.jobs.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.stage.EncodeStage;
import org.sparksnn.pipeline.stage.Encoding;

/**
 * The spike encoder, selected by {@code type}. Intensities are {@code p = pixel / 255 ∈ [0, 1]}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = EncoderConfig.TimeTile.class, name = "time-tile"),
  @JsonSubTypes.Type(value = EncoderConfig.Rate.class, name = "rate"),
  @JsonSubTypes.Type(value = EncoderConfig.Poisson.class, name = "poisson"),
  @JsonSubTypes.Type(value = EncoderConfig.Regular.class, name = "regular"),
  @JsonSubTypes.Type(value = EncoderConfig.Latency.class, name = "latency")
})
public sealed interface EncoderConfig {

  /** Number of time steps per image, ≥ 1. */
  int steps();

  /** Sets the encode stage's params from this config ({@code dt} is set by the caller). */
  void applyTo(EncodeStage stage);

  /**
   * The intensity is the input current at every step (stored once, tiled virtually).
   *
   * @param steps time steps per image, ≥ 1
   */
  record TimeTile(int steps) implements EncoderConfig {
    public TimeTile {
      Checks.positive("steps", steps);
    }

    @Override
    public void applyTo(EncodeStage stage) {
      stage.setEncoding(Encoding.TIME_TILE).setSteps(steps);
    }
  }

  /**
   * Bernoulli per step: spike at step t iff {@code u(seed, id, t, i) < p·maxSpikes/steps}.
   *
   * @param steps time steps per image, ≥ 1
   * @param maxSpikes expected spikes over all steps at p = 1, in (0, steps]
   * @param seed seed of the keyed random draw; default 0
   */
  record Rate(int steps, double maxSpikes, Long seed) implements EncoderConfig {
    public Rate {
      Checks.positive("steps", steps);
      Checks.positive("maxSpikes", maxSpikes);
      Checks.atMost("maxSpikes", maxSpikes, steps);
      seed = seed == null ? 0L : seed;
    }

    @Override
    public void applyTo(EncodeStage stage) {
      stage.setEncoding(Encoding.RATE).setSteps(steps).setMaxSpikes(maxSpikes).setSeed(seed);
    }
  }

  /**
   * Poisson: spike with probability {@code 1 − exp(−p·maxRateHz·dt)} per step.
   *
   * @param steps time steps per image, ≥ 1
   * @param maxRateHz firing rate at p = 1, Hz, &gt; 0
   * @param seed seed of the keyed random draw; default 0
   */
  record Poisson(int steps, double maxRateHz, Long seed) implements EncoderConfig {
    public Poisson {
      Checks.positive("steps", steps);
      Checks.positive("maxRateHz", maxRateHz);
      seed = seed == null ? 0L : seed;
    }

    @Override
    public void applyTo(EncodeStage stage) {
      stage.setEncoding(Encoding.POISSON).setSteps(steps).setMaxRateHz(maxRateHz).setSeed(seed);
    }
  }

  /**
   * Deterministic, evenly spaced spikes: {@code round(p·maxSpikes)} of them.
   *
   * @param steps time steps per image, ≥ 1
   * @param maxSpikes spikes at p = 1, in (0, steps]
   */
  record Regular(int steps, double maxSpikes) implements EncoderConfig {
    public Regular {
      Checks.positive("steps", steps);
      Checks.positive("maxSpikes", maxSpikes);
      Checks.atMost("maxSpikes", maxSpikes, steps);
    }

    @Override
    public void applyTo(EncodeStage stage) {
      stage.setEncoding(Encoding.REGULAR).setSteps(steps).setMaxSpikes(maxSpikes);
    }
  }

  /**
   * One spike at step {@code round((1 − p)·(steps − 1))} for {@code p > threshold}.
   *
   * @param steps time steps per image, ≥ 1
   * @param threshold intensity below or at which no spike is emitted, in [0, 1]; default 0
   */
  record Latency(int steps, Double threshold) implements EncoderConfig {
    public Latency {
      Checks.positive("steps", steps);
      threshold = threshold == null ? 0.0 : threshold;
      Checks.inRange("threshold", threshold, 0.0, 1.0);
    }

    @Override
    public void applyTo(EncodeStage stage) {
      stage.setEncoding(Encoding.LATENCY).setSteps(steps).setThreshold(threshold);
    }
  }
}
