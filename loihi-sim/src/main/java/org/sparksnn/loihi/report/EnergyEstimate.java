package org.sparksnn.loihi.report;

import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.model.Conv2D;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;

/**
 * Energy per inference (per stream of a run), with the constants keras-spiking's ModelEnergy uses.
 *
 * <p>What counts:
 *
 * <ul>
 *   <li>Loihi (event driven): synaptic ops = spikes delivered into each on-chip layer (host input
 *       spikes included) × that layer's neurons; each costs 23.6 pJ + 3.5 pJ = 27.1 pJ. Neuron
 *       updates = every on-chip neuron every step, 81 pJ each.
 *   <li>CPU / GPU (dense): every synapse counts every step ({@code Σ nPre·n · steps}) and every
 *       neuron counts every step; each op costs 8.6 nJ (CPU) or 0.3 nJ (GPU).
 *   <li>Conv layers: a spike reaches only its kernel fan-out ({@link
 *       org.sparksnn.loihi.model.Conv2D#fanOut}), so Loihi synaptic ops are {@code Σ_pre
 *       spikes(pre) · fanOut(pre)} and the dense count is the convolution's connections per
 *       step. The spikes of an on-chip layer are its spike counts over the run, which include
 *       its last step's spikes (never delivered): at most one step more than the chip processes.
 * </ul>
 *
 * @param steps steps per inference
 * @param loihiSynOps synaptic ops per inference on Loihi
 * @param neuronUpdates neuron updates per inference
 * @param denseSynOps synaptic ops per inference on CPU/GPU
 */
public record EnergyEstimate(int steps, double loihiSynOps, long neuronUpdates, long denseSynOps) {
  /** Energy of a Loihi synaptic op in J. */
  public static final double LOIHI_SYNOP_J = (23.6 + 3.5) * 1e-12;
  /** Energy of a Loihi neuron update in J. */
  public static final double LOIHI_NEURON_J = 81e-12;
  /** Energy of one CPU op (synapse or neuron) in J. */
  public static final double CPU_OP_J = 8.6e-9;
  /** Energy of one GPU op (synapse or neuron) in J. */
  public static final double GPU_OP_J = 0.3e-9;

  /** The estimate from an emulator run of {@code net} (averaged over its streams). */
  public static EnergyEstimate of(LoihiNetwork net, EmulatorRun run) {
    double syn = 0;
    long neurons = 0;
    long dense = 0;
    for (int k = 0; k < net.layers().size(); k++) {
      LoihiLayer l = net.layers().get(k);
      int n = l.size();
      neurons += (long) n * run.steps();
      if (!l.isConv()) {
        syn += (double) run.synapticOps(k) / run.batch();
        dense += (long) net.preSize(k) * n * run.steps();
        continue;
      }
      Conv2D conv = l.conv();
      long ops = 0;
      for (int pre = 0; pre < conv.inputSize(); pre++) {
        long spikes = 0;
        if (k == 0) {
          spikes = run.inputSpikeCount(pre);
        } else {
          for (int b = 0; b < run.batch(); b++) {
            spikes += run.spikeCount(k - 1, b, pre);
          }
        }
        if (spikes != 0) {
          ops += spikes * conv.fanOut(pre);
        }
      }
      syn += (double) ops / run.batch();
      dense += conv.connections() * run.steps();
    }
    return new EnergyEstimate(run.steps(), syn, neurons, dense);
  }

  /** Loihi energy per inference in J. */
  public double loihiJoules() {
    return loihiSynOps * LOIHI_SYNOP_J + neuronUpdates * LOIHI_NEURON_J;
  }

  /** CPU energy per inference in J. */
  public double cpuJoules() {
    return (denseSynOps + neuronUpdates) * CPU_OP_J;
  }

  /** GPU energy per inference in J. */
  public double gpuJoules() {
    return (denseSynOps + neuronUpdates) * GPU_OP_J;
  }
}
