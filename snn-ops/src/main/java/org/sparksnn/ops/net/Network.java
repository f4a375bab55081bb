package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * A compiled {@link NetworkSpec}: layer shapes, parameter layout and the neuron model of every
 * activation layer. Immutable and shareable; run it with a {@link NetworkRunner}. Evaluating
 * trained weights with another neuron type is compiling the same spec with another {@link
 * NeuronResolver} (or another spec with swapped activation layers) and the same {@link
 * ParameterSet}. Not serializable: ship the spec and parameters, compile where they are used.
 */
public final class Network {
  private final NetworkSpec spec;
  private final List<Layer> layers;
  private final int firstStateful;

  private Network(NetworkSpec spec, List<Layer> layers) {
    this.spec = spec;
    this.layers = layers;
    int fs = -1;
    for (Layer l : layers) {
      if (l.stateful()) {
        fs = l.index;
        break;
      }
    }
    this.firstStateful = fs;
  }

  /**
   * Compiles {@code spec}, resolving each activation layer's neuron through {@code resolver}.
   * Errors (unknown neuron type, bad parameters) name the layer.
   */
  public static Network compile(NetworkSpec spec, NeuronResolver resolver) {
    Checks.notNull("Network.spec", spec);
    Checks.notNull("Network.resolver", resolver);
    return build(spec, resolver, false);
  }

  /**
   * Verification hook for gradient tests: SNU layers use {@code tanh} instead of the step function
   * in the forward pass, so their pseudo-gradient becomes the exact gradient.
   */
  static Network compileWithSmoothSnu(NetworkSpec spec, NeuronResolver resolver) {
    return build(spec, resolver, true);
  }

  /**
   * The parameter names and shapes of {@code spec} in their fixed order, without resolving neuron
   * types (for validating weight files).
   */
  public static Map<String, int[]> parameterShapes(NetworkSpec spec) {
    Checks.notNull("Network.spec", spec);
    return build(spec, null, false).parameterShapes();
  }

  private static Network build(NetworkSpec spec, NeuronResolver resolver, boolean smoothSnu) {
    List<int[]> shapes = spec.outputShapes();
    List<Layer> layers = new ArrayList<>();
    int[] in = spec.inputShape();
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec ls = spec.layers().get(i);
      int[] out = shapes.get(i);
      Layer layer;
      if (ls instanceof LayerSpec.Dense d) {
        layer = new DenseLayer(i, d, in, out);
      } else if (ls instanceof LayerSpec.Conv2d c) {
        layer = new Conv2dLayer(i, c, in, out);
      } else if (ls instanceof LayerSpec.AvgPool p) {
        layer = new AvgPoolLayer(i, p, in, out);
      } else if (ls instanceof LayerSpec.Flatten f) {
        layer = new FlattenLayer(i, f, in, out);
      } else if (ls instanceof LayerSpec.Activation a) {
        NeuronModel model = null;
        try {
          if (resolver != null) {
            model = resolver.resolve(a.neuron(), a.params());
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "layer '" + a.name() + "' (#" + i + "): " + e.getMessage(), e);
        }
        if (model == null && resolver != null) {
          throw new IllegalArgumentException(
              "layer '" + a.name() + "' (#" + i + "): unknown neuron type '" + a.neuron() + "'");
        }
        layer = new ActivationLayer(i, a, in, model, spec.initialVoltage().forLayer(i));
      } else if (ls instanceof LayerSpec.Snu u) {
        layer = new SnuLayer(i, u, in, out, smoothSnu);
      } else if (ls instanceof LayerSpec.Rescale r) {
        layer = new RescaleLayer(i, r, in);
      } else {
        layer = new LowpassLayer(i, (LayerSpec.Lowpass) ls, in);
      }
      layers.add(layer);
      in = out;
    }
    return new Network(spec, Collections.unmodifiableList(layers));
  }

  /** The spec this network was compiled from. */
  public NetworkSpec spec() {
    return spec;
  }

  /** Inputs per sample (product of the input shape). */
  public int inputSize() {
    return layers.get(0).inSize;
  }

  /** Outputs per sample of the last layer (the number of classes for classification). */
  public int outputSize() {
    return layers.get(layers.size() - 1).outSize;
  }

  /** Number of layers. */
  public int layerCount() {
    return layers.size();
  }

  /** Output features per sample of layer {@code i}. */
  public int layerSize(int i) {
    return layers.get(i).outSize;
  }

  /** Output shape of layer {@code i}. */
  public int[] layerShape(int i) {
    return layers.get(i).outShape.clone();
  }

  /** The neuron model of layer {@code i}, or null if it is not an activation layer. */
  public NeuronModel neuron(int i) {
    return layers.get(i).neuron();
  }

  /**
   * The index of the first stateful layer (activation or lowpass), or −1: with time-invariant
   * input, the layers before it run once per sample instead of once per step.
   */
  public int firstStatefulLayer() {
    return firstStateful;
  }

  /** Parameter names and shapes in their fixed order. */
  public Map<String, int[]> parameterShapes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (Layer l : layers) {
      for (Layer.ParamDecl p : l.parameters()) {
        m.put(p.name(), p.shape().clone());
      }
    }
    return m;
  }

  /** The name of the layer that owns parameter {@code paramName} (the part before '/'). */
  public static String layerOf(String paramName) {
    int slash = paramName.indexOf('/');
    return slash < 0 ? paramName : paramName.substring(0, slash);
  }

  /**
   * Fresh parameters: kernels Glorot-uniform ({@code ±sqrt(6/(fanIn + fanOut))}, Keras' default;
   * conv fans include the receptive field), biases 0, lowpass tau = the spec's tau. Keyed by (seed,
   * layer index, element) so the result does not depend on anything else.
   */
  public ParameterSet initParameters(long seed) {
    ParameterSet.Builder b = ParameterSet.builder();
    for (Layer l : layers) {
      for (Layer.ParamDecl p : l.parameters()) {
        float[] v = new float[ParameterSet.product(p.shape())];
        if (p.init() == Layer.Init.GLOROT) {
          int[] s = p.shape();
          int receptive = 1;
          for (int d = 0; d < s.length - 2; d++) {
            receptive *= s[d];
          }
          double fanIn = (double) receptive * s[s.length - 2];
          double fanOut = (double) receptive * s[s.length - 1];
          double limit = Math.sqrt(6.0 / (fanIn + fanOut));
          for (int k = 0; k < v.length; k++) {
            v[k] = (float) ((2 * KeyedRandom.uniform(seed, l.index, k, 0x1417) - 1) * limit);
          }
        } else {
          Arrays.fill(v, (float) p.value());
        }
        b.add(p.name(), p.shape(), v);
      }
    }
    return b.build();
  }

  /**
   * Checks that {@code params} has exactly this network's arrays with the right shapes and finite
   * values; the message names the layer and the array.
   */
  public void validate(ParameterSet params) {
    validateLayout(params);
    for (String name : params.names()) {
      float[] v = params.get(name);
      for (int k = 0; k < v.length; k++) {
        if (!Float.isFinite(v[k])) {
          throw new IllegalArgumentException(
              "layer '"
                  + layerOf(name)
                  + "': parameter '"
                  + name
                  + "' has non-finite value "
                  + v[k]
                  + " at index "
                  + k);
        }
      }
    }
  }

  /**
   * Checks that {@code params} has exactly this network's arrays with the right shapes (not their
   * values); the message names the layer and the array.
   */
  public void validateLayout(ParameterSet params) {
    Map<String, int[]> expected = parameterShapes();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      String name = e.getKey();
      if (!params.contains(name)) {
        throw new IllegalArgumentException(
            "layer '" + layerOf(name) + "': missing parameter '" + name + "'");
      }
      int[] shape = params.shape(name);
      if (!Arrays.equals(shape, e.getValue())) {
        throw new IllegalArgumentException(
            "layer '"
                + layerOf(name)
                + "': parameter '"
                + name
                + "' has shape "
                + Arrays.toString(shape)
                + ", expected "
                + Arrays.toString(e.getValue()));
      }
    }
    for (String name : params.names()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(
            "layer '" + layerOf(name) + "': unexpected parameter '" + name + "'");
      }
    }
  }

  List<Layer> layers() {
    return layers;
  }
}
