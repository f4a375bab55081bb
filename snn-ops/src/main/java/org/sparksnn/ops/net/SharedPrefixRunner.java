package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * Streams one batch through several networks that share leading layers: network {@code b > 0}
 * takes its first {@code shared[b]} layers' outputs from an earlier network {@code parent[b]}
 * whose first layers are the same (the same layer specs and weights, input shape, {@code dt},
 * steps and initial voltages) and runs only the layers after them. A sweep's points thus pay once
 * for the layers they have in common: for example every point of a grid for the first dense
 * layer's product of the images, and the points of one firing-rate scale for the spiking layer
 * after it as well, which the synapses that follow it do not change.
 *
 * <p>Every network's readout and step views are bit-identical to {@link NetworkRunner#evaluate}
 * of that network alone with a listener: each layer runs the same operations on the same inputs,
 * only fewer times. Holds one {@link NetworkRunner} (buffers and neuron states) per network; not
 * thread-safe (one per Spark task).
 */
public final class SharedPrefixRunner {
  private final List<NetworkRunner> runners;
  private final int[] parent;
  private final int[] shared;
  /** For each network, the layer whose products the last evaluation took from its parent, or −1. */
  private final int[] lastProductsLayer;

  /**
   * Networks {@code 1 … k−1} each share their first {@code shared} layers with network 0.
   *
   * @see #SharedPrefixRunner(List, int[], int[])
   */
  public SharedPrefixRunner(List<Network> networks, int shared) {
    this(networks, star(networks.size(), -1, 0), star(networks.size(), 0, shared));
  }

  /**
   * @param networks the networks, at least one
   * @param parent for each network the earlier network it takes its shared layers from, {@code 0 ≤
   *     parent[b] < b}; {@code parent[0]} is ignored
   * @param shared for each network the number of leading layers it takes from its parent, {@code 0
   *     ≤ shared[b] ≤} the layer counts of both ({@link #sharedLayers}; checked again with the
   *     weights at {@link #evaluate}); {@code shared[0]} must be 0
   */
  public SharedPrefixRunner(List<Network> networks, int[] parent, int[] shared) {
    Checks.notNull("SharedPrefixRunner.networks", networks);
    int k = networks.size();
    Checks.check(k > 0, "SharedPrefixRunner.networks", "must not be empty", 0);
    Checks.check(
        parent.length == k && shared.length == k,
        "SharedPrefixRunner.parent/shared",
        "one entry per network (" + k + ")",
        parent.length + "/" + shared.length);
    Checks.check(shared[0] == 0, "SharedPrefixRunner.shared[0]", "must be 0", shared[0]);
    this.runners = new ArrayList<>();
    for (int b = 0; b < k; b++) {
      Network n = networks.get(b);
      if (b > 0) {
        Checks.check(
            parent[b] >= 0 && parent[b] < b,
            "SharedPrefixRunner.parent[" + b + "]",
            "must be an earlier network, in [0, " + b + ")",
            parent[b]);
        int most = Math.min(n.layerCount(), networks.get(parent[b]).layerCount());
        Checks.check(
            shared[b] >= 0 && shared[b] <= most,
            "SharedPrefixRunner.shared[" + b + "]",
            "must be in [0, " + most + "] (layers of the network and of its parent)",
            shared[b]);
      }
      runners.add(new NetworkRunner(n));
    }
    this.parent = parent.clone();
    this.parent[0] = -1;
    this.shared = shared.clone();
    this.lastProductsLayer = new int[k];
  }

  private static int[] star(int k, int first, int rest) {
    int[] a = new int[k];
    java.util.Arrays.fill(a, rest);
    if (k > 0) {
      a[0] = first;
    }
    return a;
  }

  /** The number of leading layers network {@code b} takes from its parent (0 for network 0). */
  public int shared(int b) {
    return shared[b];
  }

  /**
   * The linear layer whose products network {@code b} took from its parent in the last {@link
   * #evaluate} (its synapse moved behind it, {@link NetworkRunner}), or −1.
   */
  int productsLayer(int b) {
    return lastProductsLayer[b];
  }

  /** The network network {@code b} takes its shared layers from (−1 for network 0). */
  public int parent(int b) {
    return parent[b];
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

  /**
   * How many leading layers' work network {@code b} takes from network {@code a} when they are
   * evaluated together and {@code b} shares their first {@code shared} layers ({@link
   * #sharedLayers}): {@code shared}, or, when layer {@code shared} is a synapse that both
   * networks' evaluation plans move behind the same linear layer {@code j} with the same specs and
   * weights up to it, {@code j + 1}: {@code b} then takes {@code a}'s product of layer {@code j}
   * and only filters it ({@link #productsLayer}). For estimating what evaluating them together
   * saves ({@code PointGroups} in the pipeline).
   */
  public static int sharedWorkLayers(
      Network a, ParameterSet pa, Network b, ParameterSet pb, int shared) {
    if (shared == 0 || shared >= a.layerCount() || shared >= b.layerCount()) {
      return shared;
    }
    a.validateLayout(pa);
    b.validateLayout(pb);
    int j = EvaluationPlan.of(b, pb).movedTo(shared);
    if (j < 0 || EvaluationPlan.of(a, pa).movedTo(shared) != j) {
      return shared;
    }
    for (int k = shared + 1; k <= j; k++) {
      if (!a.spec().layers().get(k).equals(b.spec().layers().get(k))) {
        return shared;
      }
    }
    return sameParameters(b.layers().get(j), pa, pb) ? j + 1 : shared;
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
    Branch[] branches = start(params, input, sampleIds, listeners);
    Network first = runners.get(0).network();
    int steps = first.spec().steps();
    boolean invariant = input.timeInvariant();
    float[] x = runners.get(0).workspace().floats("eval.in", sampleIds.length * first.inputSize());
    for (int t = 0; t < steps; t++) {
      step(branches, input, sampleIds, x, t, invariant, listeners);
    }
    float[][] result = new float[branches.length][];
    for (int b = 0; b < branches.length; b++) {
      result[b] = branches[b].readout.value.clone();
    }
    return result;
  }

  /**
   * One step of every network, parents before their children (so each network finds its shared
   * layers' outputs of this step computed). A method of its own, apart from {@link #start}: the
   * JIT compiler then compiles the per-step calls alone, early and quickly, instead of the whole
   * batch's set-up inlined around them (BENCHMARKS.md, session 30).
   */
  private static void step(
      Branch[] branches,
      InputSource input,
      long[] sampleIds,
      float[] x,
      int t,
      boolean invariant,
      List<StepListener> listeners) {
    if (!invariant || t == 0) {
      input.fill(sampleIds, t, x);
    }
    for (int b = 0; b < branches.length; b++) {
      Branch br = branches[b];
      for (int i = br.from; i < br.n; i++) {
        br.forward(i, x, t, invariant);
      }
      br.readout.update(br.outs[br.n - 1], 0, t);
      listeners.get(b).onStep(t, br.view);
    }
  }

  /** Checks the batch's arguments and starts every network's layers for it. */
  private Branch[] start(
      List<ParameterSet> params,
      InputSource input,
      long[] sampleIds,
      List<StepListener> listeners) {
    int k = runners.size();
    Checks.check(params.size() == k, "SharedPrefixRunner.params", "one per network", params.size());
    Checks.check(
        listeners.size() == k, "SharedPrefixRunner.listeners", "one per network", listeners.size());
    for (int b = 1; b < k; b++) {
      Network nb = runners.get(b).network();
      Network np = runners.get(parent[b]).network();
      if (sharedLayers(np, params.get(parent[b]), nb, params.get(b)) < shared[b]) {
        throw new IllegalArgumentException(
            "SharedPrefixRunner: network " + b + " differs from network " + parent[b]
                + " within the first " + shared[b] + " layers (specs or weights)");
      }
    }
    runners.get(0).checkInput(input);
    boolean invariant = input.timeInvariant();
    Branch[] branches = new Branch[k];
    for (int b = 0; b < k; b++) {
      Network nb = runners.get(b).network();
      nb.validateLayout(params.get(b));
      EvaluationPlan plan = EvaluationPlan.of(nb, params.get(b));
      int from =
          b == 0 ? 0 : EvaluationPlan.consistentFrom(branches[parent[b]].plan, plan, shared[b]);
      FilteredLinearRun products = null;
      if (b > 0) {
        Branch p = branches[parent[b]];
        int j = productsLayer(p, params.get(parent[b]), nb, params.get(b), plan, from);
        if (j >= 0) {
          products = (FilteredLinearRun) p.runs.get(j);
          from = j;
        }
      }
      branches[b] = new Branch(runners.get(b), params.get(b), sampleIds, from, plan, products);
      lastProductsLayer[b] = products == null ? -1 : from;
      if (b > 0) {
        // the parent's outputs of the shared layers (its own or, in turn, its parent's)
        System.arraycopy(branches[parent[b]].outs, 0, branches[b].outs, 0, from);
        if (from > 0 && from < nb.layerCount() && plan.movedTo(from) >= 0) {
          branches[b].outs[from] = branches[b].outs[from - 1];
        }
      }
      Branch br = branches[b];
      // a held input is held by the network that runs that layer
      if (invariant && br.constantUpTo < br.n && br.constantUpTo >= br.from) {
        br.runs.get(br.constantUpTo).holdInput();
      }
    }
    return branches;
  }

  /**
   * The linear layer whose products a network may take from its parent's branch, or −1: the
   * network runs its layers from {@code from}, a synapse that both plans move to the same linear
   * layer {@code j} (dense or convolution); the layers after it up to {@code j} are the same in
   * both (flatten layers and {@code j}, with the same weights), and the parent's branch runs {@code j} itself. Then the
   * network's layers before {@code j} give what the parent's give (the synapse passes the shared
   * spikes through), and only the filter of {@code j} differs: the network takes the parent's
   * outputs up to {@code j} and its products of {@code j}, which the parent computes earlier in
   * each step. The points of a synapse axis thus share the product of the spikes (of the readout
   * layer, or of the convolution after the first spiking layer).
   */
  private static int productsLayer(
      Branch parentBranch,
      ParameterSet parentParams,
      Network own,
      ParameterSet ownParams,
      EvaluationPlan plan,
      int from) {
    if (from == 0 || from >= own.layerCount()) {
      return -1;
    }
    int j = plan.movedTo(from);
    if (j < 0 || parentBranch.plan.movedTo(from) != j) {
      return -1;
    }
    if (j >= parentBranch.n || !(parentBranch.runs.get(j) instanceof FilteredLinearRun)) {
      return -1;
    }
    List<LayerSpec> ps = parentBranch.network.spec().layers();
    List<LayerSpec> os = own.spec().layers();
    for (int k = from + 1; k <= j; k++) {
      if (!ps.get(k).equals(os.get(k))) {
        return -1;
      }
    }
    return sameParameters(own.layers().get(j), parentParams, ownParams) ? j : -1;
  }

  /** One network's runs of its layers from {@code from} on, its outputs and its readout. */
  private static final class Branch {
    final int n;
    /** The first layer this network runs itself. */
    final int from;
    final int constantUpTo;
    final List<Layer.Run> runs;
    final float[][] outs;
    final NetworkRunner.ReadoutState readout;
    final NetworkRunner.View view;
    final EvaluationPlan plan;
    final Network network;

    /**
     * Starts the network's layers from {@code from}; with {@code products}, layer {@code from}
     * filters those products ({@link #productsLayer}).
     */
    Branch(
        NetworkRunner runner,
        ParameterSet params,
        long[] sampleIds,
        int from,
        EvaluationPlan plan,
        FilteredLinearRun products) {
      Network network = runner.network();
      this.network = network;
      NetworkSpec spec = network.spec();
      Workspace ws = runner.workspace();
      this.plan = plan;
      int batch = sampleIds.length;
      List<Layer> layers = network.layers();
      this.n = layers.size();
      this.from = from;
      int fs = network.firstStatefulLayer();
      this.constantUpTo = fs < 0 ? n : fs;
      Layer.RunContext ctx =
          new Layer.RunContext(params, sampleIds, batch, false, spec.dt(), ws);
      this.runs = new ArrayList<>();
      this.outs = new float[n][];
      for (int i = 0; i < n; i++) {
        // the shared layers of the other networks are not started: no buffers, no neuron states
        Layer l = layers.get(i);
        runs.add(
            i < from
                ? null
                : i == from && products != null
                    ? plan.startOnProducts(l, ctx, products)
                    : plan.start(l, ctx));
        // a synapse moved behind the next linear layer passes its input through: the same array
        // (for the first layer this network runs, set once the parent's outputs are copied)
        outs[i] =
            i < from
                ? null
                : i > from && plan.movedTo(i) >= 0
                    ? outs[i - 1]
                    : ws.floats("eval.out." + i, batch * layers.get(i).outSize);
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
