package org.sparksnn.ops.net;

import java.util.Arrays;
import org.sparksnn.ops.Checks;

/**
 * How an evaluation starts a network's layers: each layer as itself, except that a synapse
 * (lowpass layer) directly before a linear layer ({@link FilterableLayer}: a dense layer, with
 * only flatten layers between, or a convolution) is applied after that layer, to its outputs,
 * instead of to its inputs.
 *
 * <p>The layer is linear, so filtering its input and filtering its output give the same values
 * ({@link FilteredLinearRun}); they differ in rounding only (float sums in another order, a float
 * filter state of the layer's outputs instead of its inputs). What changes is the cost: the filter
 * of a spiking layer's output makes the next layer's input dense, so every step multiplies every
 * input; moved behind the layer, the filter leaves it the spikes, which the event-driven kernels
 * ({@link DenseKernels}, {@link ConvKernels#scatter}) sum over the few that are non-zero. That
 * filter and product were about a fifth of a synapse point of the MLP sweep evaluated alone
 * (session 29, BENCHMARKS.md); for keras-to-snn's conv net, whose second convolution reads the
 * filtered spikes of 21,632 neurons, most of a point (session 37). It is also the order NengoDL
 * itself runs: nengo filters a connection's output after its transform.
 *
 * <p>A lowpass layer moves only if its initial level is 0 and its taus are one value for every
 * channel (the sweep's synapses; a trained per-channel tau stays in place). Training never moves
 * one (it needs the filter's own output and gradient). Off with {@code
 * -Dsparksnn.commuteSynapses=false}, for the layer-by-layer rounding; decided once per JVM.
 */
final class EvaluationPlan {
  /** True unless the JVM runs with {@code -Dsparksnn.commuteSynapses=false}. */
  static final boolean COMMUTE = !"false".equals(System.getProperty("sparksnn.commuteSynapses"));

  /** For each layer: the linear layer its filter moved behind, else −1. */
  private final int[] movedTo;
  /** For each layer: the lowpass layer whose filter it applies, else −1. */
  private final int[] filterOf;
  /** For each linear layer that applies a filter, that filter's decay per step. */
  private final double[] decay;

  private EvaluationPlan(int layers) {
    this.movedTo = new int[layers];
    this.filterOf = new int[layers];
    this.decay = new double[layers];
    Arrays.fill(movedTo, -1);
    Arrays.fill(filterOf, -1);
  }

  /** Every layer as itself: what training runs. */
  static EvaluationPlan layerByLayer(Network network) {
    return new EvaluationPlan(network.layerCount());
  }

  /**
   * The plan of an evaluation of {@code network} with {@code params} (whose layout the caller has
   * validated): every lowpass layer that may move moves (unless {@link #COMMUTE} is off).
   */
  static EvaluationPlan of(Network network, ParameterSet params) {
    EvaluationPlan plan = new EvaluationPlan(network.layerCount());
    if (!COMMUTE) {
      return plan;
    }
    java.util.List<Layer> layers = network.layers();
    double dt = network.spec().dt();
    for (int i = 0; i < layers.size(); i++) {
      if (!(layers.get(i) instanceof LowpassLayer lowpass)) {
        continue;
      }
      int j = i + 1;
      while (j < layers.size() && layers.get(j) instanceof FlattenLayer) {
        j++;
      }
      if (j == layers.size() || !(layers.get(j) instanceof FilterableLayer)) {
        continue;
      }
      double a = lowpass.commutingDecay(params, dt);
      if (!Double.isNaN(a)) {
        plan.movedTo[i] = j;
        plan.filterOf[j] = i;
        plan.decay[j] = a;
      }
    }
    return plan;
  }

  /** The linear layer that applies layer {@code i}'s filter, or −1 if it stays in place. */
  int movedTo(int i) {
    return movedTo[i];
  }

  /**
   * Whether layer {@code l}'s output depends on earlier steps in this plan: a stateful layer, or a
   * linear layer that applies a moved filter (a lowpass that moved keeps its flag: it runs at every
   * step all the same, which the layers before the filter need).
   */
  boolean stateful(Layer l) {
    return l.stateful() || filterOf[l.index] >= 0;
  }

  /** Starts layer {@code l} for one evaluation batch as this plan says. */
  Layer.Run start(Layer l, Layer.RunContext ctx) {
    if (movedTo[l.index] >= 0) {
      return ((LowpassLayer) l).passThrough(ctx);
    }
    if (filterOf[l.index] >= 0) {
      return ((FilterableLayer) l).startFiltered(ctx, decay[l.index], null);
    }
    return l.start(ctx);
  }

  /**
   * Starts linear layer {@code l}, which applies a moved filter in this plan, on the products of
   * {@code source}: the same layer of another network with the same weights and input ({@link
   * FilterableLayer#startFiltered}).
   */
  Layer.Run startOnProducts(Layer l, Layer.RunContext ctx, FilteredLinearRun source) {
    Checks.check(
        filterOf[l.index] >= 0,
        "EvaluationPlan.startOnProducts",
        "layer must apply a moved filter",
        l.name);
    Checks.notNull("EvaluationPlan.startOnProducts.source", source);
    return ((FilterableLayer) l).startFiltered(ctx, decay[l.index], source);
  }

  /**
   * For a network that takes its first {@code from} layers' outputs from {@code parent} (in
   * {@link SharedPrefixRunner}): the first layer it must run itself so that every output it
   * reads means what its own plan expects. That is {@code from}, unless a lowpass layer among the
   * shared ones moved in one plan and not to the same place in the other while the network runs
   * a layer up to where it moved; then that lowpass layer.
   */
  static int consistentFrom(EvaluationPlan parent, EvaluationPlan own, int from) {
    for (int i = 0; i < from; i++) {
      int p = parent.movedTo[i];
      int o = own.movedTo[i];
      if (p != o && Math.max(p, o) >= from) {
        return i;
      }
    }
    return from;
  }
}
