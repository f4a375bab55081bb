package org.sparksnn.pipeline.stage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparksnn.encoders.SpikeEncoder;

/**
 * How a trained model's images are turned into network input (the encoder of {@link TrainStage}
 * and {@link SnnModel}); steps and dt come from the model. Stored in model.yaml under {@code
 * training.encoder}.
 *
 * @param encoding encoding name ({@link Encoding#names()}), e.g. {@code time-tile}
 * @param maxRateHz poisson: rate at intensity 1, Hz, {@code > 0}
 * @param maxSpikes rate / regular: spikes over all steps at intensity 1, {@code > 0}
 * @param threshold latency: silent at or below this intensity, in [0, 1]
 * @param seed seed of the keyed random draws (rate, poisson)
 */
public record EncoderSettings(
    String encoding, double maxRateHz, double maxSpikes, double threshold, long seed)
    implements java.io.Serializable {

  public EncoderSettings {
    Encoding.parse(encoding);
  }

  /** Time-tile (intensities repeated on every step): the default. */
  public static EncoderSettings timeTile() {
    return new EncoderSettings(Encoding.TIME_TILE.configName(), 100, 10, 0, 0);
  }

  /** The encoder for a model of {@code steps} steps of {@code dt} seconds. */
  public SpikeEncoder toEncoder(int steps, double dt) {
    return SpikeEncoders.create(Encoding.parse(encoding), steps, dt, maxRateHz, maxSpikes, threshold, seed);
  }

  /** The map written into model.yaml. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encoding", encoding);
    m.put("maxRateHz", maxRateHz);
    m.put("maxSpikes", maxSpikes);
    m.put("threshold", threshold);
    m.put("seed", seed);
    return m;
  }

  /** The settings of a model.yaml {@code training} map; time-tile if it names no encoder. */
  public static EncoderSettings fromTraining(Map<String, Object> training) {
    Object e = training == null ? null : training.get("encoder");
    if (!(e instanceof Map<?, ?> m)) {
      return timeTile();
    }
    EncoderSettings d = timeTile();
    return new EncoderSettings(
        String.valueOf(m.containsKey("encoding") ? m.get("encoding") : d.encoding()),
        number(m, "maxRateHz", d.maxRateHz()),
        number(m, "maxSpikes", d.maxSpikes()),
        number(m, "threshold", d.threshold()),
        (long) number(m, "seed", d.seed()));
  }

  private static double number(Map<?, ?> m, String key, double fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "model.yaml training.encoder." + key + " must be a number, got " + v);
    }
    return n.doubleValue();
  }
}
