package org.sparksnn.pipeline.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sparksnn.ops.Checks;

/**
 * One point of a sweep: a model and the evaluation settings that override it. A null setting keeps
 * the model's own value.
 *
 * @param model the model directory (as configured; a Hadoop path), or null in an explicit point
 *     that applies to every model of the grid
 * @param dt time step, s, {@code > 0}; null = the model's
 * @param steps time steps per image, {@code >= 1}; null = the model's
 * @param neuron neuron type swapped into every activation layer; null = the model's
 * @param synapse lowpass synapse after the activations (default none)
 * @param scale {@code scale_firing_rates} (default: the model's)
 */
public record GridPoint(
    String model,
    Double dt,
    Integer steps,
    String neuron,
    SynapseSetting synapse,
    ScaleSetting scale)
    implements java.io.Serializable {

  public GridPoint {
    if (dt != null) {
      Checks.positive("GridPoint.dt", dt);
      Checks.finite("GridPoint.dt", dt);
    }
    if (steps != null) {
      Checks.positive("GridPoint.steps", steps);
    }
    synapse = synapse == null ? SynapseSetting.none() : synapse;
    scale = scale == null ? ScaleSetting.model() : scale;
  }

  /** The same point for model {@code m}. */
  public GridPoint withModel(String m) {
    return new GridPoint(m, dt, steps, neuron, synapse, scale);
  }

  /**
   * The settings in an exact, JVM-independent form (doubles as hex bits), without the model
   * location.
   */
  public String canonicalSettings() {
    return "dt="
        + (dt == null ? "model" : Long.toHexString(Double.doubleToLongBits(dt)))
        + "|steps="
        + (steps == null ? "model" : steps.toString())
        + "|neuron="
        + (neuron == null ? "model" : neuron)
        + "|synapse="
        + synapse.canonical()
        + "|scale="
        + scale.canonical();
  }

  /**
   * The stable key of this point's result: the first 20 hex digits of SHA-256 over a format tag,
   * the model's content hash, {@link #canonicalSettings()} and {@code contextHash} (what else
   * determines the result: the data and the batch size). It does not depend on where the model
   * lives, on the JVM, or on the order of the grid.
   */
  public String key(String modelContentHash, String contextHash) {
    Checks.notNull("GridPoint.modelContentHash", modelContentHash);
    Checks.notNull("GridPoint.contextHash", contextHash);
    String s =
        "spark-snn-sweep-point-v1\n"
            + modelContentHash
            + "\n"
            + canonicalSettings()
            + "\n"
            + contextHash
            + "\n";
    return sha256Hex(s).substring(0, 20);
  }

  static String sha256Hex(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
