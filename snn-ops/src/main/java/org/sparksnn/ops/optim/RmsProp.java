package org.sparksnn.ops.optim;

import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.ParameterSet;

/**
 * RMSProp: {@code s = ρ·s + (1−ρ)·g²; w −= lr·g/(sqrt(s) + ε)}.
 *
 * @param learningRate step size, {@code > 0} (default 0.001)
 * @param rho decay in [0, 1) (default 0.9)
 * @param epsilon {@code > 0} (default 1e-7)
 */
public record RmsProp(double learningRate, double rho, double epsilon) implements Optimizer {

  public RmsProp {
    Checks.positive("RmsProp.learningRate", learningRate);
    Checks.finite("RmsProp.learningRate", learningRate);
    Checks.check(rho >= 0 && rho < 1, "RmsProp.rho", "must be in [0, 1)", rho);
    Checks.positive("RmsProp.epsilon", epsilon);
  }

  @Override
  public OptimizerState init(ParameterSet params) {
    return new OptimizerState(0, List.of(params.zerosLike()));
  }

  @Override
  public void update(
      ParameterSet params, ParameterSet meanGrad, OptimizerState state, double lrFactor) {
    double lr = learningRate * lrFactor;
    for (int i = 0; i < params.count(); i++) {
      float[] w = params.get(i);
      float[] g = meanGrad.get(i);
      float[] s = state.slots().get(0).get(i);
      for (int k = 0; k < w.length; k++) {
        s[k] = (float) (rho * s[k] + (1 - rho) * ((double) g[k] * g[k]));
        w[k] = (float) (w[k] - lr * g[k] / (Math.sqrt(s[k]) + epsilon));
      }
    }
    state.advance();
  }
}
