package org.sparksnn.loihi.model;

import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * A feed-forward network for the chip: an off-chip spiking input of {@code inputSize} neurons
 * (spikes sent from the host) followed by on-chip layers, each fed by the one before.
 *
 * @param inputSize number of off-chip input neurons, > 0
 * @param inputAmplitude amplitude of the input spikes (a spike is {@code inputAmplitude/dt}), > 0;
 *     default 1
 * @param dt time step in s shared by every layer, > 0; default 0.001
 * @param layers on-chip layers in order, non-empty; layer k's input size equals layer k−1's size
 */
public record LoihiNetwork(
    int inputSize, double inputAmplitude, double dt, List<LoihiLayer> layers) {
  public LoihiNetwork {
    Checks.positive("LoihiNetwork.inputSize", inputSize);
    Checks.positive("LoihiNetwork.inputAmplitude", inputAmplitude);
    Checks.positive("LoihiNetwork.dt", dt);
    Checks.notNull("LoihiNetwork.layers", layers);
    Checks.check(!layers.isEmpty(), "LoihiNetwork.layers", "must be non-empty", layers.size());
    layers = List.copyOf(layers);
    int pre = inputSize;
    for (LoihiLayer l : layers) {
      Checks.check(
          l.inputSize() == pre,
          "LoihiNetwork.layers['" + l.name() + "'].inputSize",
          "must equal the previous layer size " + pre,
          l.inputSize());
      pre = l.size();
    }
  }

  /** Size of the layer before on-chip layer {@code k} (the input size for k = 0). */
  public int preSize(int k) {
    return k == 0 ? inputSize : layers.get(k - 1).size();
  }

  /** Amplitude of the spikes feeding on-chip layer {@code k}. */
  public double preAmplitude(int k) {
    return k == 0 ? inputAmplitude : layers.get(k - 1).amplitude();
  }
}
