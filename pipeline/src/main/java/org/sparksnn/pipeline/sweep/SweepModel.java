package org.sparksnn.pipeline.sweep;

import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;

/**
 * A model of a sweep: its network, weights and content hash.
 *
 * @param location the model directory as configured
 * @param spec the network
 * @param weights the weights
 * @param contentHash SHA-256 hex of the architecture (exact values, JVM-independent) and the
 *     weights ({@link ParameterSet#contentHash()}); not of the location or provenance
 */
public record SweepModel(
    String location, NetworkSpec spec, ParameterSet weights, String contentHash)
    implements java.io.Serializable {

  public SweepModel {
    Checks.notNull("SweepModel.location", location);
    Checks.notNull("SweepModel.spec", spec);
    Checks.notNull("SweepModel.weights", weights);
    Checks.notNull("SweepModel.contentHash", contentHash);
  }

  /** A model from a spec and weights (hash computed). */
  public static SweepModel of(String location, NetworkSpec spec, ParameterSet weights) {
    return new SweepModel(location, spec, weights, contentHash(spec, weights));
  }

  /** Reads and validates a model directory ({@link ModelDirectory#read}). */
  public static SweepModel load(String location, Configuration conf) {
    LoadedModel m = ModelDirectory.read(new Path(location), conf);
    return of(location, m.spec(), m.weights());
  }

  /** The content hash of a network and its weights. */
  public static String contentHash(NetworkSpec spec, ParameterSet weights) {
    StringBuilder sb = new StringBuilder("spark-snn-model-v1\n");
    for (int d : spec.inputShape()) {
      sb.append(d).append(',');
    }
    sb.append("\ndt=").append(bits(spec.dt()));
    sb.append("\nsteps=").append(spec.steps());
    sb.append("\nreadout=").append(spec.readout()).append(':').append(bits(spec.readoutTau()));
    sb.append("\nv0=")
        .append(spec.initialVoltage().uniform())
        .append(':')
        .append(spec.initialVoltage().seed());
    for (LayerSpec l : spec.layers()) {
      sb.append('\n').append(canonical(l));
    }
    sb.append("\nweights=").append(weights.contentHash());
    return GridPoint.sha256Hex(sb.toString());
  }

  private static String canonical(LayerSpec l) {
    if (l instanceof LayerSpec.Activation a) {
      StringBuilder sb =
          new StringBuilder("activation:")
              .append(a.name())
              .append(':')
              .append(a.neuron())
              .append(':');
      for (Map.Entry<String, Double> e : new TreeMap<>(a.params()).entrySet()) {
        sb.append(e.getKey()).append('=').append(bits(e.getValue())).append(';');
      }
      sb.append(':')
          .append(a.spikingAwareTraining())
          .append(':')
          .append(bits(a.scaleFiringRates()));
      if (a.regularizer() != null) {
        var r = a.regularizer();
        sb.append(":reg=")
            .append(bits(r.l1()))
            .append(',')
            .append(bits(r.l2()))
            .append(',')
            .append(bits(r.targetMin()))
            .append(',')
            .append(bits(r.targetMax()));
      }
      return sb.toString();
    }
    if (l instanceof LayerSpec.Lowpass p) {
      return "lowpass:"
          + p.name()
          + ":"
          + bits(p.tau())
          + ":"
          + p.trainable()
          + ":"
          + bits(p.initialLevel());
    }
    if (l instanceof LayerSpec.Snu s) {
      return "snu:"
          + s.name()
          + ":"
          + s.units()
          + ":"
          + bits(s.decay())
          + ":"
          + s.leakyRelu()
          + ":"
          + s.recurrent();
    }
    if (l instanceof LayerSpec.Rescale r) {
      // the form of the record's toString before offsets existed, so that hashes (and finished
      // sweep points) of earlier models stay valid
      String s = "Rescale[name=" + r.name() + ", factor=" + r.factor();
      return r.offset() == 0 ? s + "]" : s + ", offset=" + bits(r.offset()) + "]";
    }
    // Dense, Conv2d, AvgPool, Flatten: ints, booleans, enums and names only
    return l.toString();
  }

  private static String bits(double v) {
    return Long.toHexString(Double.doubleToLongBits(v));
  }
}
