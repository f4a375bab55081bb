package org.sparksnn.jobs.config;

import java.util.List;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.stage.EncodeStage;

/**
 * The encode stage.
 *
 * @param encoder the spike encoder (required)
 * @param dt time step, seconds, in (0, 1]; default 0.001
 * @param partitions Spark partitions of the encoded table; default 0 = Spark's default
 * @param splits which splits to encode, of {@code train}, {@code test}; default both
 */
public record EncodeConfig(
    EncoderConfig encoder, Double dt, Integer partitions, List<String> splits) {
  public EncodeConfig {
    Checks.notNull("encoder", encoder);
    dt = dt == null ? 0.001 : dt;
    Checks.positive("dt", dt);
    Checks.atMost("dt", dt, 1.0);
    partitions = partitions == null ? 0 : partitions;
    Checks.nonNegative("partitions", partitions);
    splits = splits == null ? List.of("train", "test") : List.copyOf(splits);
    for (String s : splits) {
      Checks.check(
          s.equals("train") || s.equals("test"), "splits", "must hold only train, test", s);
    }
  }

  /** The encode stage this section configures (its encoder and dt). */
  public EncodeStage toStage() {
    EncodeStage stage = new EncodeStage().setDt(dt);
    encoder.applyTo(stage);
    return stage;
  }

  /** The section's spike encoder. */
  public SpikeEncoder toEncoder() {
    return toStage().toEncoder();
  }
}
