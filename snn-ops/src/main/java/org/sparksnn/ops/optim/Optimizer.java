package org.sparksnn.ops.optim;

import org.sparksnn.ops.net.ParameterSet;

/**
 * An optimizer configuration: a validated record that creates and advances an {@link
 * OptimizerState}; it holds no state itself.
 *
 * <p>Call order: {@link #init} once per training run, then {@link #update} once per step with the
 * <b>mean</b> gradient of the global batch (call it only on the driver; executors only compute
 * gradients).
 */
public interface Optimizer extends java.io.Serializable {

  /** The base learning rate (before any schedule). */
  double learningRate();

  /** A fresh state (zero slots, step 0) for parameters of {@code params}' layout. */
  OptimizerState init(ParameterSet params);

  /**
   * Applies one update in place with learning rate {@code learningRate() · lrFactor} and advances
   * the state's step.
   */
  void update(ParameterSet params, ParameterSet meanGrad, OptimizerState state, double lrFactor);

  /** {@link #update(ParameterSet, ParameterSet, OptimizerState, double)} with factor 1. */
  default void update(ParameterSet params, ParameterSet meanGrad, OptimizerState state) {
    update(params, meanGrad, state, 1.0);
  }
}
