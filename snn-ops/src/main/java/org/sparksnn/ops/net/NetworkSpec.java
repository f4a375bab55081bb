package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.InitialVoltage;

/**
 * The architecture of a feed-forward time-stepped network: input shape, layers in order, the time
 * step, the number of steps and the readout. Validated on construction: layer names unique, shapes
 * compatible; errors name the layer.
 *
 * @param inputShape {@code [h, w, c]} (channels-last image) or {@code [n]} (flat)
 * @param layers layers in order, at least one
 * @param dt time step, s, {@code > 0} (e.g. 0.001)
 * @param steps time steps per presentation, {@code > 0}
 * @param readout how the output over time becomes logits (default {@link Readout#LAST_STEP})
 * @param readoutTau lowpass time constant of {@link Readout#LOWPASS}, s, {@code >= 0} (ignored
 *     otherwise)
 * @param initialVoltage initial neuron voltages; the seed is derived per layer index (default
 *     {@code uniform(0)})
 */
public record NetworkSpec(
    int[] inputShape,
    List<LayerSpec> layers,
    double dt,
    int steps,
    Readout readout,
    double readoutTau,
    InitialVoltage initialVoltage)
    implements java.io.Serializable {

  public NetworkSpec {
    Checks.notNull("NetworkSpec.inputShape", inputShape);
    Checks.check(
        inputShape.length == 1 || inputShape.length == 3,
        "NetworkSpec.inputShape",
        "must be [n] or [h, w, c]",
        Arrays.toString(inputShape));
    for (int d : inputShape) {
      Checks.check(
          d > 0, "NetworkSpec.inputShape", "must be positive", Arrays.toString(inputShape));
    }
    inputShape = inputShape.clone();
    Checks.notNull("NetworkSpec.layers", layers);
    Checks.check(!layers.isEmpty(), "NetworkSpec.layers", "must not be empty", layers);
    layers = List.copyOf(layers);
    Checks.positive("NetworkSpec.dt", dt);
    Checks.finite("NetworkSpec.dt", dt);
    Checks.positive("NetworkSpec.steps", steps);
    Checks.notNull("NetworkSpec.readout", readout);
    Checks.nonNegative("NetworkSpec.readoutTau", readoutTau);
    Checks.notNull("NetworkSpec.initialVoltage", initialVoltage);
    Set<String> names = new HashSet<>();
    for (LayerSpec l : layers) {
      Checks.notNull("NetworkSpec.layers[]", l);
      if (!names.add(l.name())) {
        throw new IllegalArgumentException(
            "NetworkSpec.layers: layer '" + l.name() + "' is defined more than once");
      }
    }
    shapes(inputShape, layers);
  }

  /** A spec with LAST_STEP readout and seeded-uniform initial voltage (seed 0). */
  public NetworkSpec(int[] inputShape, List<LayerSpec> layers, double dt, int steps) {
    this(inputShape, layers, dt, steps, Readout.LAST_STEP, 0.0, InitialVoltage.uniform(0));
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The same spec with another number of steps (evaluation sweeps). */
  public NetworkSpec withSteps(int newSteps) {
    return new NetworkSpec(inputShape, layers, dt, newSteps, readout, readoutTau, initialVoltage);
  }

  /** The same spec with another time step (evaluation sweeps). */
  public NetworkSpec withDt(double newDt) {
    return new NetworkSpec(inputShape, layers, newDt, steps, readout, readoutTau, initialVoltage);
  }

  /** The same spec with other layers (e.g. neuron type or scale swapped). */
  public NetworkSpec withLayers(List<LayerSpec> newLayers) {
    return new NetworkSpec(inputShape, newLayers, dt, steps, readout, readoutTau, initialVoltage);
  }

  /** The same spec with another readout. */
  public NetworkSpec withReadout(Readout newReadout, double newReadoutTau) {
    return new NetworkSpec(
        inputShape, layers, dt, steps, newReadout, newReadoutTau, initialVoltage);
  }

  /** The output shape of every layer, in order ({@code [h, w, c]} or {@code [n]}). */
  public List<int[]> outputShapes() {
    return shapes(inputShape, layers);
  }

  /** The index of the layer named {@code name}, or −1. */
  public int indexOf(String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  static List<int[]> shapes(int[] input, List<LayerSpec> layers) {
    List<int[]> out = new ArrayList<>();
    int[] s = input;
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec l = layers.get(i);
      String where = "layer '" + l.name() + "' (#" + i + ")";
      if (l instanceof LayerSpec.Dense || l instanceof LayerSpec.Snu) {
        if (s.length != 1) {
          throw new IllegalArgumentException(
              where
                  + ": "
                  + (l instanceof LayerSpec.Dense ? "dense" : "snu")
                  + " needs a flat input, got shape "
                  + Arrays.toString(s)
                  + "; add a flatten layer before it");
        }
        s = new int[] {l instanceof LayerSpec.Dense d ? d.units() : ((LayerSpec.Snu) l).units()};
      } else if (l instanceof LayerSpec.Conv2d c) {
        if (s.length != 3) {
          throw new IllegalArgumentException(
              where + ": conv2d needs an [h, w, c] input, got shape " + Arrays.toString(s));
        }
        int oh = convOut(s[0], c.kernel(), c.stride(), c.padding());
        int ow = convOut(s[1], c.kernel(), c.stride(), c.padding());
        if (oh <= 0 || ow <= 0) {
          throw new IllegalArgumentException(
              where + ": kernel " + c.kernel() + " does not fit input " + Arrays.toString(s));
        }
        s = new int[] {oh, ow, c.filters()};
      } else if (l instanceof LayerSpec.AvgPool p) {
        if (s.length != 3) {
          throw new IllegalArgumentException(
              where + ": avg-pool needs an [h, w, c] input, got shape " + Arrays.toString(s));
        }
        if (s[0] / p.size() == 0 || s[1] / p.size() == 0) {
          throw new IllegalArgumentException(
              where + ": pool size " + p.size() + " exceeds input " + Arrays.toString(s));
        }
        s = new int[] {s[0] / p.size(), s[1] / p.size(), s[2]};
      } else if (l instanceof LayerSpec.Flatten) {
        s = new int[] {s.length == 1 ? s[0] : s[0] * s[1] * s[2]};
      } else {
        s = s.clone();
      }
      out.add(s);
    }
    return out;
  }

  static int convOut(int in, int k, int stride, LayerSpec.Padding padding) {
    if (padding == LayerSpec.Padding.SAME) {
      return (in + stride - 1) / stride;
    }
    return in < k ? 0 : (in - k) / stride + 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkSpec n
        && Arrays.equals(inputShape, n.inputShape)
        && layers.equals(n.layers)
        && Double.compare(dt, n.dt) == 0
        && steps == n.steps
        && readout == n.readout
        && Double.compare(readoutTau, n.readoutTau) == 0
        && initialVoltage.equals(n.initialVoltage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(inputShape), layers, dt, steps, readout, readoutTau, initialVoltage);
  }

  @Override
  public String toString() {
    return "NetworkSpec[inputShape="
        + Arrays.toString(inputShape)
        + ", layers="
        + layers
        + ", dt="
        + dt
        + ", steps="
        + steps
        + ", readout="
        + readout
        + ", readoutTau="
        + readoutTau
        + ", initialVoltage="
        + initialVoltage
        + "]";
  }
}
