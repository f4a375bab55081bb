package org.sparksnn.ops.net;

import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.loss.RateRegularizer;

/**
 * One layer of a {@link NetworkSpec}: a plain record of simple values (the YAML mapping lives in
 * the jobs module). Layer names must be unique within a network; parameters are stored as {@code
 * <name>/kernel}, {@code <name>/bias}, {@code <name>/tau}.
 */
public sealed interface LayerSpec extends java.io.Serializable
    permits LayerSpec.Dense,
        LayerSpec.Conv2d,
        LayerSpec.AvgPool,
        LayerSpec.Flatten,
        LayerSpec.Activation,
        LayerSpec.Lowpass,
        LayerSpec.Snu,
        LayerSpec.Rescale {

  /** The layer's unique name, e.g. {@code "dense0"}. */
  String name();

  /** Padding of a convolution (TensorFlow semantics). */
  enum Padding {
    /** No padding: output size {@code floor((in − k)/stride) + 1}. */
    VALID,
    /** Zero padding: output size {@code ceil(in/stride)}, extra padding at the bottom/right. */
    SAME
  }

  /**
   * Fully connected layer {@code out = x·W + b} on a flat input; kernel {@code [in, units]}.
   *
   * @param name unique layer name
   * @param units output features, {@code > 0}
   * @param useBias whether a bias {@code [units]} is added (default true)
   */
  record Dense(String name, int units, boolean useBias) implements LayerSpec {
    public Dense {
      checkName(name);
      Checks.positive("Dense(" + name + ").units", units);
    }
  }

  /**
   * 2-D convolution on channels-last images {@code [h, w, c]}; kernel {@code [k, k, cin, filters]}.
   *
   * @param name unique layer name
   * @param filters output channels, {@code > 0}
   * @param kernel square kernel size, {@code > 0}
   * @param stride stride in both directions, {@code > 0} (default 1)
   * @param padding {@link Padding#VALID} or {@link Padding#SAME}
   * @param useBias whether a bias {@code [filters]} is added (default true)
   */
  record Conv2d(String name, int filters, int kernel, int stride, Padding padding, boolean useBias)
      implements LayerSpec {
    public Conv2d {
      checkName(name);
      Checks.positive("Conv2d(" + name + ").filters", filters);
      Checks.positive("Conv2d(" + name + ").kernel", kernel);
      Checks.positive("Conv2d(" + name + ").stride", stride);
      Checks.notNull("Conv2d(" + name + ").padding", padding);
    }
  }

  /**
   * Average pooling over non-overlapping {@code size × size} windows (stride = size, valid padding)
   * of channels-last images.
   *
   * @param name unique layer name
   * @param size window size, {@code > 0}
   */
  record AvgPool(String name, int size) implements LayerSpec {
    public AvgPool {
      checkName(name);
      Checks.positive("AvgPool(" + name + ").size", size);
    }
  }

  /**
   * Reshapes {@code [h, w, c]} to {@code [h·w·c]} (no data movement: the layout is already
   * channels-last row-major).
   */
  record Flatten(String name) implements LayerSpec {
    public Flatten {
      checkName(name);
    }
  }

  /**
   * A neuron nonlinearity applied element-wise over time.
   *
   * @param name unique layer name
   * @param neuron neuron type name, e.g. {@code "relu"}, {@code "spiking-relu"}, {@code "lif"}
   * @param params neuron parameters by name (e.g. {@code tauRc}, {@code amplitude}); empty for
   *     defaults
   * @param spikingAwareTraining for spiking types: true = spikes forward and rate derivative
   *     backward during training (default true); false = the rate function forward during training,
   *     spikes only at evaluation
   * @param scaleFiringRates s {@code > 0}: the neuron sees {@code s·J} and its output is divided by
   *     {@code s} (default 1)
   * @param regularizer rate regularizer, or null for none
   */
  record Activation(
      String name,
      String neuron,
      Map<String, Double> params,
      boolean spikingAwareTraining,
      double scaleFiringRates,
      RateRegularizer regularizer)
      implements LayerSpec {
    public Activation {
      checkName(name);
      Checks.notNull("Activation(" + name + ").neuron", neuron);
      params = params == null ? Map.of() : Map.copyOf(params);
      Checks.positive("Activation(" + name + ").scaleFiringRates", scaleFiringRates);
      Checks.finite("Activation(" + name + ").scaleFiringRates", scaleFiringRates);
    }

    /** An activation with default parameters, spiking-aware training, scale 1, no regularizer. */
    public static Activation of(String name, String neuron) {
      return new Activation(name, neuron, Map.of(), true, 1.0, null);
    }
  }

  /**
   * A lowpass synapse {@code y[k] = a·y[k−1] + (1 − a)·x[k]}, {@code a = exp(−dt/max(tau, 1e−8))},
   * with one tau per channel (the last axis), stored as {@code <name>/tau} of shape {@code
   * [channels]}. No extra delay (keras-spiking semantics, unlike nengo's simulator).
   *
   * @param name unique layer name
   * @param tau initial time constant, s, {@code >= 0} (e.g. 0.005)
   * @param trainable whether tau receives gradients
   * @param initialLevel {@code y[−1]}, default 0
   */
  record Lowpass(String name, double tau, boolean trainable, double initialLevel)
      implements LayerSpec {
    public Lowpass {
      checkName(name);
      Checks.nonNegative("Lowpass(" + name + ").tau", tau);
      Checks.finite("Lowpass(" + name + ").tau", tau);
      Checks.finite("Lowpass(" + name + ").initialLevel", initialLevel);
    }
  }

  /**
   * An affine map with constants, {@code out = factor·in + offset} (Keras {@code Rescaling}). Used in
   * front of a network whose reference feeds raw pixel values: the data pipeline supplies
   * intensities {@code pixel/255 ∈ [0, 1]}, so {@code factor 255} gives the network {@code [0,
   * 255]} as NengoDL's "Keras to SNN" notebook does. In front of an activation it is nengo's
   * ensemble gain and bias ({@code J = gain·x + bias}). No trainable parameters.
   *
   * @param name unique layer name
   * @param factor finite, non-zero multiplier (e.g. 255)
   * @param offset finite constant added after the multiplication (default 0)
   */
  record Rescale(String name, double factor, double offset) implements LayerSpec {
    public Rescale {
      checkName(name);
      Checks.finite("Rescale(" + name + ").factor", factor);
      Checks.check(factor != 0, "Rescale(" + name + ").factor", "must not be 0", factor);
      Checks.finite("Rescale(" + name + ").offset", offset);
    }

    /** A pure multiplier ({@code offset 0}). */
    public Rescale(String name, double factor) {
      this(name, factor, 0);
    }
  }

  private static void checkName(String name) {
    Checks.notNull("LayerSpec.name", name);
    Checks.check(
        !name.isEmpty() && !name.contains("/") && !name.contains(".."),
        "LayerSpec.name",
        "must be non-empty without '/' or '..'",
        "'" + name + "'");
  }

  /**
   * Spiking neural unit (Woźniak et al. 2020, neuroaikit): a dense layer with a stateful
   * step-function neuron, {@code V = g(V_prev·(1 − y_prev)·decay + x·W [+ y_prev·R]); y = H(V − b)}
   * with binary outputs. Parameters {@code <name>/kernel [in, units]}, {@code <name>/bias [units]}
   * (the threshold b, initialised to 1), {@code <name>/recurrent [units, units]} if recurrent.
   * Trained by BPTT with {@code d tanh} as the pseudo-derivative of H.
   *
   * <pre>
   * Woźniak, Pantazi, Bohnstingl, Eleftheriou: "Deep learning incorporating biologically inspired
   * neural dynamics and in-memory computing", Nature Machine Intelligence 2, 2020.
   * </pre>
   *
   * @param name unique layer name
   * @param units output neurons, {@code > 0}
   * @param decay voltage decay per step in [0, 1] (e.g. 0.9)
   * @param leakyRelu g = leaky-relu(0.1) if true, identity if false (default false)
   * @param recurrent whether {@code y_prev·R} is added (default false)
   */
  record Snu(String name, int units, double decay, boolean leakyRelu, boolean recurrent)
      implements LayerSpec {
    public Snu {
      checkName(name);
      Checks.positive("Snu(" + name + ").units", units);
      Checks.inRange("Snu(" + name + ").decay", decay, 0, 1);
    }
  }
}
