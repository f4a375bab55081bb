package org.sparksnn.pipeline.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.loss.RateRegularizer;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.yaml.DomainConfig;

/**
 * One layer as written in configs and {@code model.yaml}, selected by {@code type}; maps to
 * snn-ops's {@link LayerSpec}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LayerConfig.Dense.class, name = "dense"),
  @JsonSubTypes.Type(value = LayerConfig.Conv2d.class, name = "conv2d"),
  @JsonSubTypes.Type(value = LayerConfig.AvgPool.class, name = "avg-pool"),
  @JsonSubTypes.Type(value = LayerConfig.Flatten.class, name = "flatten"),
  @JsonSubTypes.Type(value = LayerConfig.Activation.class, name = "activation"),
  @JsonSubTypes.Type(value = LayerConfig.Lowpass.class, name = "lowpass"),
  @JsonSubTypes.Type(value = LayerConfig.Rescale.class, name = "rescale"),
  @JsonSubTypes.Type(value = LayerConfig.Snu.class, name = "snu")
})
public sealed interface LayerConfig extends DomainConfig<LayerSpec> {
  /** The layer's unique name (array names in weights.npz start with it). */
  String name();

  /** The snn-ops layer. */
  LayerSpec toSpec();

  @Override
  default LayerSpec toDomain() {
    return toSpec();
  }

  /** The config of an snn-ops layer (for writing model.yaml). */
  static LayerConfig of(LayerSpec spec) {
    if (spec instanceof LayerSpec.Dense d) {
      return new Dense(d.name(), d.units(), d.useBias());
    } else if (spec instanceof LayerSpec.Conv2d c) {
      return new Conv2d(
          c.name(), c.filters(), c.kernel(), c.stride(), c.padding().name().toLowerCase(), c.useBias());
    } else if (spec instanceof LayerSpec.AvgPool p) {
      return new AvgPool(p.name(), p.size());
    } else if (spec instanceof LayerSpec.Flatten f) {
      return new Flatten(f.name());
    } else if (spec instanceof LayerSpec.Activation a) {
      return new Activation(
          a.name(),
          a.neuron(),
          a.params(),
          a.spikingAwareTraining(),
          a.scaleFiringRates(),
          a.regularizer() == null ? null : Regularizer.of(a.regularizer()));
    } else if (spec instanceof LayerSpec.Lowpass l) {
      return new Lowpass(l.name(), l.tau(), l.trainable(), l.initialLevel());
    } else if (spec instanceof LayerSpec.Rescale r) {
      return new Rescale(r.name(), r.factor(), r.offset() == 0 ? null : r.offset());
    } else if (spec instanceof LayerSpec.Snu u) {
      return new Snu(u.name(), u.units(), u.decay(), u.leakyRelu(), u.recurrent());
    }
    throw new IllegalArgumentException("unknown layer spec " + spec);
  }

  /**
   * A dense (fully connected) layer; kernel {@code [in, units]}.
   *
   * @param units output size, &gt; 0
   * @param useBias add a bias; default true
   */
  record Dense(String name, int units, Boolean useBias) implements LayerConfig {
    public Dense {
      useBias = useBias == null || useBias;
    }

    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Dense(name, units, useBias);
    }
  }

  /**
   * A 2-D convolution, channels-last; kernel {@code [k, k, cin, filters]}.
   *
   * @param filters output channels
   * @param kernel kernel size (square)
   * @param stride stride; default 1
   * @param padding {@code valid} (default) or {@code same}
   * @param useBias add a bias; default true
   */
  record Conv2d(String name, int filters, int kernel, Integer stride, String padding, Boolean useBias)
      implements LayerConfig {
    public Conv2d {
      stride = stride == null ? 1 : stride;
      padding = padding == null ? "valid" : padding;
      Checks.check(
          padding.equals("valid") || padding.equals("same"), "padding", "must be valid or same", padding);
      useBias = useBias == null || useBias;
    }

    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Conv2d(
          name, filters, kernel, stride, LayerSpec.Padding.valueOf(padding.toUpperCase()), useBias);
    }
  }

  /**
   * Average pooling over non-overlapping {@code size × size} windows.
   *
   * @param size window size, &gt; 0
   */
  record AvgPool(String name, int size) implements LayerConfig {
    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.AvgPool(name, size);
    }
  }

  /**
   * {@code out = factor·in + offset} (Keras {@code Rescaling}); e.g. {@code factor 255} in front
   * of a network that expects raw pixel values, since the data pipeline supplies {@code
   * pixel/255}, or nengo's ensemble gain and bias in front of an activation.
   *
   * @param factor finite, non-zero
   * @param offset finite; default 0
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Rescale(String name, double factor, Double offset) implements LayerConfig {
    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Rescale(name, factor, offset == null ? 0 : offset);
    }
  }

  /**
   * A spiking neural unit layer (dense weights + stateful step neuron, optional recurrence).
   *
   * @param units output neurons, &gt; 0
   * @param decay voltage decay per step in [0, 1]; default 0.9
   * @param leakyRelu use leaky-relu(0.1) as g; default false
   * @param recurrent add {@code y_prev·R}; default false
   */
  record Snu(String name, int units, Double decay, Boolean leakyRelu, Boolean recurrent)
      implements LayerConfig {
    public Snu {
      decay = decay == null ? 0.9 : decay;
      leakyRelu = leakyRelu != null && leakyRelu;
      recurrent = recurrent != null && recurrent;
    }

    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Snu(name, units, decay, leakyRelu, recurrent);
    }
  }

  /** Flattens {@code [h, w, c]} to {@code [h·w·c]} (row-major HWC). */
  record Flatten(String name) implements LayerConfig {
    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Flatten(name);
    }
  }

  /**
   * A neuron nonlinearity.
   *
   * @param neuron type: relu, spiking-relu, lif-rate, lif, loihi-relu, loihi-lif
   * @param params neuron parameters (e.g. {@code tauRc}, {@code amplitude}); default none
   * @param spikingAwareTraining forward spikes during training (else rates); default true
   * @param scaleFiringRates input × s, output ÷ s; default 1
   * @param regularizer rate regularizer; default none
   */
  record Activation(
      String name,
      String neuron,
      Map<String, Double> params,
      Boolean spikingAwareTraining,
      Double scaleFiringRates,
      Regularizer regularizer)
      implements LayerConfig {
    public Activation {
      params = params == null ? Map.of() : Map.copyOf(params);
      spikingAwareTraining = spikingAwareTraining == null || spikingAwareTraining;
      scaleFiringRates = scaleFiringRates == null ? 1.0 : scaleFiringRates;
    }

    /**
     * The layer, with its neuron type and parameters checked ({@link NeuronTypes}); an error
     * names them as this record does: {@code params.tauRc must be > 0, got -0.02} rather than
     * {@code lif.tauRc}, and {@code neuron must be one of …}.
     */
    @Override
    public LayerSpec toDomain() {
      LayerSpec spec = toSpec();
      try {
        NeuronTypes.create(neuron, params);
      } catch (IllegalArgumentException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith(neuron + ".")) {
          msg = "params." + msg.substring(neuron.length() + 1);
        } else if (msg.startsWith(neuron + " has no parameter")) {
          msg = "params: " + msg;
        } else if (msg.startsWith("neuron type ")) {
          msg = "neuron " + msg.substring("neuron type ".length());
        }
        throw new IllegalArgumentException(msg, e);
      }
      return spec;
    }

    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Activation(
          name,
          neuron,
          params,
          spikingAwareTraining,
          scaleFiringRates,
          regularizer == null ? null : regularizer.toDomain());
    }
  }

  /**
   * A lowpass synapse {@code y = a·y + (1 − a)·x}, {@code a = exp(−dt/tau)}.
   *
   * @param tau time constant, s, ≥ 0
   * @param trainable learn tau; default false
   * @param initialLevel y before the first step; default 0
   */
  record Lowpass(String name, double tau, Boolean trainable, Double initialLevel)
      implements LayerConfig {
    public Lowpass {
      trainable = trainable != null && trainable;
      initialLevel = initialLevel == null ? 0.0 : initialLevel;
    }

    @Override
    public LayerSpec toSpec() {
      return new LayerSpec.Lowpass(name, tau, trainable, initialLevel);
    }
  }

  /**
   * A firing-rate regularizer (keras-spiking {@code L1L2}): penalty on the distance of each
   * neuron's rate (Hz) from {@code target} or from the range {@code [min, max]}.
   *
   * @param l1 L1 weight; default 0
   * @param l2 L2 weight; default 0
   * @param target a single target rate, Hz (or give {@code range})
   * @param range {@code [min, max]} target range, Hz
   * @param scope which outputs are penalized: {@code mean-rate} (default, each neuron's rate over
   *     the steps), {@code every-step} (Keras {@code activity_regularizer} on a spiking layer that
   *     returns sequences) or {@code last-step} (one that returns only its last step)
   * @param perStep the older spelling: {@code true} is {@code scope: every-step}
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Regularizer(
      Double l1, Double l2, Double target, List<Double> range, String scope, Boolean perStep)
      implements DomainConfig<RateRegularizer> {
    public Regularizer {
      l1 = l1 == null ? 0.0 : l1;
      l2 = l2 == null ? 0.0 : l2;
      Checks.check(
          (target == null) != (range == null),
          "target",
          "or range must be set (exactly one of the two)",
          target == null ? "neither" : "both");
      if (target != null) {
        Checks.finite("target", target);
      }
      if (range != null) {
        // RateRegularizer names these targetMin and targetMax
        Checks.check(
            range.size() == 2 && range.stream().allMatch(Objects::nonNull),
            "range",
            "must be [min, max]",
            range);
        Checks.check(
            Double.isFinite(range.get(0)) && Double.isFinite(range.get(1)),
            "range",
            "must hold finite rates",
            range);
        Checks.check(
            range.get(0) <= range.get(1), "range", "must be [min, max] with min <= max", range);
      }
      if (scope != null) {
        RateRegularizer.Scope.fromConfigName("scope", scope);
      }
      if (perStep != null) {
        Checks.check(
            scope == null || perStep == scope.equals("every-step"),
            "perStep",
            "is the older spelling of scope: every-step and contradicts scope: " + scope,
            perStep);
        scope = perStep ? "every-step" : scope;
        perStep = null;
      }
    }

    RateRegularizer.Scope domainScope() {
      return scope == null
          ? RateRegularizer.Scope.MEAN_RATE
          : RateRegularizer.Scope.fromConfigName("scope", scope);
    }

    @Override
    public RateRegularizer toDomain() {
      return target != null
          ? new RateRegularizer(l1, l2, target, target, domainScope())
          : new RateRegularizer(l1, l2, range.get(0), range.get(1), domainScope());
    }

    static Regularizer of(RateRegularizer r) {
      String scope =
          r.scope() == RateRegularizer.Scope.MEAN_RATE ? null : r.scope().configName();
      return r.targetMin() == r.targetMax()
          ? new Regularizer(r.l1(), r.l2(), r.targetMin(), null, scope, null)
          : new Regularizer(
              r.l1(), r.l2(), null, List.of(r.targetMin(), r.targetMax()), scope, null);
    }
  }
}
