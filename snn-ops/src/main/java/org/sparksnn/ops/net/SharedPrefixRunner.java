package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * Streams one batch through several networks whose first {@code shared} layers are the same (the
 * same layer specs and weights, input shape, {@code dt}, steps and initial voltages): those layers
 * run once per step, and each network's remaining layers read their output. A sweep's points that
 * differ only after a layer (for example in the synapse that follows the first spiking layer)
 * thus pay for the layers before it once.
 *
 * <p>Every network's readout and step views are bit-identical to {@link NetworkRunner#evaluate}
 * of that network alone with a listener: each layer runs the same operations on the same inputs,
 * only fewer times. Holds one {@link NetworkRunner} (buffers and neuron states) per network; not
 * thread-safe (one per Spark task).
 */
public final class SharedPrefixRunner {
  private final List<NetworkRunner> runners;
  private final int shared;

  /**
   * @param networks the networks, at least one; each must share its first {@code shared} layers
   *     with the first network ({@link #sharedLayers}; checked again with the weights at {@link
   *     #evaluate})
   * @param shared the number of leading layers to run once, {@code 0 ≤ shared ≤} every network's
   *     layer count
   */
  public SharedPrefixRunner(List<Network> networks, int shared) {
    Checks.notNull("SharedPrefixRunner.networks", networks);
    Checks.check(!networks.isEmpty(), "SharedPrefixRunner.networks", "must not be empty", 0);
    this.runners = new ArrayList<>();
    for (Network n : networks) {
      Checks.check(
          shared >= 0 && shared <= n.layerCount(),
          "SharedPrefixRunner.shared",
          "must be in [0, " + n.layerCount() + "] (layers of every network)",
          shared);
      runners.add(new NetworkRunner(n));
    }
    this.shared = shared;
  }

  /** The number of leading layers run once for all networks. */
  public int shared() {
    return shared;
  }

  /**
   * The number of leading layers {@code a} and {@code b} have in common: 0 unless their input
   * shapes, {@code dt}, steps and initial voltages are equal; then the longest run of layers from
   * the first whose specs are equal and whose parameters hold the same values in {@code pa} and
   * {@code pb}.
   */
  public static int sharedLayers(Network a, ParameterSet pa, Network b, ParameterSet pb) {
    NetworkSpec sa = a.spec();
    NetworkSpec sb = b.spec();
    if (!Arrays.equals(sa.inputShape(), sb.inputShape())
        || Double.compare(sa.dt(), sb.dt()) != 0
        || sa.steps() != sb.steps()
        || !sa.initialVoltage().equals(sb.initialVoltage())) {
      return 0;
    }
    int n = Math.min(sa.layers().size(), sb.layers().size());
    int i = 0;
    while (i < n
        && sa.layers().get(i).equals(sb.layers().get(i))
        && sameParameters(a.layers().get(i), pa, pb)) {
      i++;
    }
    return i;
  }

  private static boolean sameParameters(Layer layer, ParameterSet pa, ParameterSet pb) {
    for (Layer.ParamDecl d : layer.parameters()) {
      if (!pa.contains(d.name())
          || !pb.contains(d.name())
          || !Arrays.equals(pa.get(d.name()), pb.get(d.name()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Streams one batch through every network in evaluation mode.
   *
   * @param params each network's weights, in network order
   * @param input the input source ({@code size()} the networks' input size)
   * @param sampleIds the rows of the batch
   * @param listeners one per network, called after each of its steps
   * @return each network's readout {@code [batch × outputSize]}
   * @throws IllegalArgumentException if the networks' first {@code shared} layers differ
   */
  public float[][] evaluate(
      List<ParameterSet> params,
      InputSource input,
      long[] sampleIds,
      List<StepListener> listeners) {
    int k = runners.size();
    Checks.check(params.size() == k, "SharedPrefixRunner.params", "one per network", params.size());
    Checks.check(
        listeners.size() == k, "SharedPrefixRunner.listeners", "one per network", listeners.size());
    Network first = runners.get(0).network();
    for (int b = 1; b < k; b++) {
      Network nb = runners.get(b).network();
      if (sharedLayers(first, params.get(0), nb, params.get(b)) < shared) {
        throw new IllegalArgumentException(
            "SharedPrefixRunner: network " + b + " differs from network 0 within the first "
                + shared + " layers (specs or weights)");
      }
    }
    runners.get(0).checkInput(input);
    int batch = sampleIds.length;
    NetworkSpec spec = first.spec();
    int steps = spec.steps();
    boolean invariant = input.timeInvariant();
    Workspace ws0 = runners.get(0).workspace();
    float[] x = ws0.floats("eval.in", batch * first.inputSize());
    Branch[] branches = new Branch[k];
    for (int b = 0; b < k; b++) {
      branches[b] = new Branch(runners.get(b), params.get(b), sampleIds, b == 0 ? 0 : shared);
    }
    Branch prefix = branches[0];
    for (int b = 1; b < k; b++) {
      System.arraycopy(prefix.outs, 0, branches[b].outs, 0, shared);
    }
    for (Branch br : branches) {
      // a held input is held by the layer that runs it: the prefix's for a layer before `shared`
      if (invariant && br.constantUpTo < br.n && (br == prefix || br.constantUpTo >= shared)) {
        br.runs.get(br.constantUpTo).holdInput();
      }
    }
    for (int t = 0; t < steps; t++) {
      if (!invariant || t == 0) {
        input.fill(sampleIds, t, x);
      }
      for (int i = 0; i < shared; i++) {
        prefix.forward(i, x, t, invariant);
      }
      for (int b = 0; b < k; b++) {
        Branch br = branches[b];
        for (int i = shared; i < br.n; i++) {
          br.forward(i, x, t, invariant);
        }
        br.readout.update(br.outs[br.n - 1], 0, t);
        listeners.get(b).onStep(t, br.view);
      }
    }
    float[][] result = new float[k][];
    for (int b = 0; b < k; b++) {
      result[b] = branches[b].readout.value.clone();
    }
    return result;
  }

  /** One network's runs of its layers from {@code from} on, its outputs and its readout. */
  private static final class Branch {
    final int n;
    final int constantUpTo;
    final List<Layer.Run> runs;
    final float[][] outs;
    final NetworkRunner.ReadoutState readout;
    final NetworkRunner.View view;

    Branch(NetworkRunner runner, ParameterSet params, long[] sampleIds, int from) {
      Network network = runner.network();
      NetworkSpec spec = network.spec();
      Workspace ws = runner.workspace();
      network.validateLayout(params);
      int batch = sampleIds.length;
      List<Layer> layers = network.layers();
      this.n = layers.size();
      int fs = network.firstStatefulLayer();
      this.constantUpTo = fs < 0 ? n : fs;
      Layer.RunContext ctx =
          new Layer.RunContext(params, sampleIds, batch, false, spec.dt(), ws);
      this.runs = new ArrayList<>();
      this.outs = new float[n][];
      for (int i = 0; i < n; i++) {
        // the shared layers of the other networks are not started: no buffers, no neuron states
        runs.add(i < from ? null : layers.get(i).start(ctx));
        outs[i] = i < from ? null : ws.floats("eval.out." + i, batch * layers.get(i).outSize);
      }
      int classes = network.outputSize();
      this.readout = new NetworkRunner.ReadoutState(spec, batch * classes);
      this.view = new NetworkRunner.View(batch, outs, readout.value);
    }

    /**
     * Runs layer {@code i} at step {@code t} as {@link NetworkRunner#evaluate} does: the layers
     * before the first stateful one only at step 0 when the input is time-invariant.
     */
    void forward(int i, float[] x, int t, boolean invariant) {
      if (invariant && i < constantUpTo && t > 0) {
        return;
      }
      runs.get(i).forward(i == 0 ? x : outs[i - 1], 1, outs[i], 1);
    }
  }
}
