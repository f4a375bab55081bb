package org.sparksnn.ops.optim;

import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.ParameterSet;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, Keras semantics: {@code v = μ·v −
 * lr·g}; plain {@code w += v}, Nesterov {@code w += μ·v − lr·g}.
 *
 * @param learningRate step size, {@code > 0} (e.g. 0.01)
 * @param momentum μ in [0, 1), default 0
 * @param nesterov Nesterov momentum, default false
 */
public record Sgd(double learningRate, double momentum, boolean nesterov) implements Optimizer {

  public Sgd {
    Checks.positive("Sgd.learningRate", learningRate);
    Checks.finite("Sgd.learningRate", learningRate);
    Checks.check(momentum >= 0 && momentum < 1, "Sgd.momentum", "must be in [0, 1)", momentum);
  }

  @Override
  public OptimizerState init(ParameterSet params) {
    return new OptimizerState(0, momentum > 0 ? List.of(params.zerosLike()) : List.of());
  }

  @Override
  public void update(
      ParameterSet params, ParameterSet meanGrad, OptimizerState state, double lrFactor) {
    double lr = learningRate * lrFactor;
    for (int i = 0; i < params.count(); i++) {
      float[] w = params.get(i);
      float[] g = meanGrad.get(i);
      if (momentum == 0) {
        for (int k = 0; k < w.length; k++) {
          w[k] = (float) (w[k] - lr * g[k]);
        }
      } else {
        float[] v = state.slots().get(0).get(i);
        for (int k = 0; k < w.length; k++) {
          v[k] = (float) (momentum * v[k] - lr * g[k]);
          w[k] = (float) (nesterov ? w[k] + momentum * v[k] - lr * g[k] : w[k] + v[k]);
        }
      }
    }
    state.advance();
  }
}
