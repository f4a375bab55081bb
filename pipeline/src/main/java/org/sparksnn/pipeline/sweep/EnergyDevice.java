package org.sparksnn.pipeline.sweep;

import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * A device of the energy estimate (keras-spiking's {@code ModelEnergy} model): energy per inference
 * = synaptic ops × {@code joulesPerSynop} + neuron updates × {@code joulesPerNeuronUpdate}. On a
 * spiking device a synaptic op is one spike arriving at one synapse; on a non-spiking device every
 * synapse counts at every step. Neuron updates are every activation neuron at every step.
 *
 * @param name column suffix, e.g. {@code loihi} ({@code [a-z0-9_]+})
 * @param spiking true: event-based synaptic ops; false: every synapse every step
 * @param joulesPerSynop energy per synaptic op, J, {@code >= 0}
 * @param joulesPerNeuronUpdate energy per neuron update, J, {@code >= 0}
 */
public record EnergyDevice(
    String name, boolean spiking, double joulesPerSynop, double joulesPerNeuronUpdate)
    implements java.io.Serializable {

  public EnergyDevice {
    Checks.notNull("EnergyDevice.name", name);
    Checks.check(name.matches("[a-z0-9_]+"), "EnergyDevice.name", "must match [a-z0-9_]+", name);
    Checks.nonNegative("EnergyDevice.joulesPerSynop", joulesPerSynop);
    Checks.finite("EnergyDevice.joulesPerSynop", joulesPerSynop);
    Checks.nonNegative("EnergyDevice.joulesPerNeuronUpdate", joulesPerNeuronUpdate);
    Checks.finite("EnergyDevice.joulesPerNeuronUpdate", joulesPerNeuronUpdate);
  }

  /**
   * The default table (keras-spiking's constants): {@code cpu} 8.6 nJ per synaptic op and per
   * neuron update, non-spiking; {@code gpu} 0.3 nJ each, non-spiking; {@code loihi} 23.6 + 3.5 pJ
   * per synaptic op and 81 pJ per neuron update, spiking (Davies et al. 2018, Loihi).
   */
  public static List<EnergyDevice> defaults() {
    return List.of(
        new EnergyDevice("cpu", false, 8.6e-9, 8.6e-9),
        new EnergyDevice("gpu", false, 0.3e-9, 0.3e-9),
        new EnergyDevice("loihi", true, (23.6 + 3.5) * 1e-12, 81e-12));
  }

  /** Energy per inference, J, for the given counts per inference. */
  public double energy(double eventSynops, double denseSynops, double neuronUpdates) {
    return (spiking ? eventSynops : denseSynops) * joulesPerSynop
        + neuronUpdates * joulesPerNeuronUpdate;
  }
}
