package org.sparksnn.ops.optim;

import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.ParameterSet;

/**
 * Adam (Kingma and Ba), Keras form: {@code m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; lr_t = lr ·
 * sqrt(1 − β2^t)/(1 − β1^t); w −= lr_t·m/(sqrt(v) + ε)}.
 *
 * <p>Evaluated like Keras / TensorFlow: {@code lr_t} in double, then per element in float32 as
 * {@code m += (g − m)·(1−β1); v += (g² − v)·(1−β2); w −= (m·lr_t)/(sqrt(v) + ε)} with the constants
 * rounded to float (a loop the JIT vectorizes).
 *
 * <pre>
 * Kingma, Ba: "Adam: A Method for Stochastic Optimization", ICLR 2015.
 * </pre>
 *
 * @param learningRate step size, {@code > 0} (default 0.001)
 * @param beta1 first-moment decay in [0, 1) (default 0.9)
 * @param beta2 second-moment decay in [0, 1) (default 0.999)
 * @param epsilon {@code > 0} (default 1e-7, Keras)
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon)
    implements Optimizer {

  public Adam {
    Checks.positive("Adam.learningRate", learningRate);
    Checks.finite("Adam.learningRate", learningRate);
    Checks.check(beta1 >= 0 && beta1 < 1, "Adam.beta1", "must be in [0, 1)", beta1);
    Checks.check(beta2 >= 0 && beta2 < 1, "Adam.beta2", "must be in [0, 1)", beta2);
    Checks.positive("Adam.epsilon", epsilon);
  }

  /** Keras defaults with the given learning rate. */
  public static Adam withLearningRate(double learningRate) {
    return new Adam(learningRate, 0.9, 0.999, 1e-7);
  }

  @Override
  public OptimizerState init(ParameterSet params) {
    return new OptimizerState(0, List.of(params.zerosLike(), params.zerosLike()));
  }

  @Override
  public void update(
      ParameterSet params, ParameterSet meanGrad, OptimizerState state, double lrFactor) {
    long t = state.step() + 1;
    double lrT =
        learningRate * lrFactor * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    float alpha = (float) lrT;
    float c1 = (float) (1 - beta1);
    float c2 = (float) (1 - beta2);
    float eps = (float) epsilon;
    for (int i = 0; i < params.count(); i++) {
      float[] w = params.get(i);
      float[] g = meanGrad.get(i);
      float[] m = state.slots().get(0).get(i);
      float[] v = state.slots().get(1).get(i);
      for (int k = 0; k < w.length; k++) {
        float gk = g[k];
        float mk = m[k] + (gk - m[k]) * c1;
        float vk = v[k] + (gk * gk - v[k]) * c2;
        m[k] = mk;
        v[k] = vk;
        w[k] -= (mk * alpha) / ((float) Math.sqrt(vk) + eps);
      }
    }
    state.advance();
  }
}
