package org.sparksnn.ops.optim;

import java.util.List;
import org.sparksnn.ops.net.ParameterSet;

/**
 * The mutable state of an optimizer: the number of updates applied and its slot arrays (momentum,
 * first/second moments), each of the parameters' layout. Checkpoint it with the weights.
 */
public final class OptimizerState implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private long step;
  private final List<ParameterSet> slots;

  /** A state after {@code step} updates with {@code slots} (kept, not copied). */
  public OptimizerState(long step, List<ParameterSet> slots) {
    this.step = step;
    this.slots = List.copyOf(slots);
  }

  /** Updates applied so far. */
  public long step() {
    return step;
  }

  /** The slot arrays in the optimizer's order (e.g. Adam: m, v). */
  public List<ParameterSet> slots() {
    return slots;
  }

  /** A deep copy. */
  public OptimizerState copy() {
    return new OptimizerState(step, slots.stream().map(ParameterSet::copy).toList());
  }

  void advance() {
    step++;
  }
}
