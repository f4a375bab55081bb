package org.sparksnn.jobs.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.Optimizer;
import org.sparksnn.ops.optim.RmsProp;
import org.sparksnn.ops.optim.Sgd;

/** The optimizer, selected by {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OptimizerConfig.SgdConfig.class, name = "sgd"),
  @JsonSubTypes.Type(value = OptimizerConfig.AdamConfig.class, name = "adam"),
  @JsonSubTypes.Type(value = OptimizerConfig.RmsPropConfig.class, name = "rmsprop")
})
public sealed interface OptimizerConfig {
  /** The snn-ops optimizer. */
  Optimizer toDomain();

  /**
   * SGD with optional (Nesterov) momentum.
   *
   * @param learningRate step size, &gt; 0
   * @param momentum in [0, 1); default 0
   * @param nesterov Nesterov momentum; default false
   */
  record SgdConfig(double learningRate, Double momentum, Boolean nesterov)
      implements OptimizerConfig {
    public SgdConfig {
      Checks.positive("learningRate", learningRate);
      momentum = momentum == null ? 0.0 : momentum;
      Checks.check(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1)", momentum);
      nesterov = nesterov != null && nesterov;
    }

    @Override
    public Optimizer toDomain() {
      return new Sgd(learningRate, momentum, nesterov);
    }
  }

  /**
   * Adam (Kingma and Ba, 2015), Keras defaults.
   *
   * @param learningRate step size, &gt; 0; default 0.001
   * @param beta1 default 0.9
   * @param beta2 default 0.999
   * @param epsilon default 1e-7 (Keras)
   */
  record AdamConfig(Double learningRate, Double beta1, Double beta2, Double epsilon)
      implements OptimizerConfig {
    public AdamConfig {
      learningRate = learningRate == null ? 1e-3 : learningRate;
      Checks.positive("learningRate", learningRate);
      beta1 = beta1 == null ? 0.9 : beta1;
      beta2 = beta2 == null ? 0.999 : beta2;
      epsilon = epsilon == null ? 1e-7 : epsilon;
      Checks.check(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1)", beta1);
      Checks.check(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1)", beta2);
      Checks.positive("epsilon", epsilon);
    }

    @Override
    public Optimizer toDomain() {
      return new Adam(learningRate, beta1, beta2, epsilon);
    }
  }

  /**
   * RMSProp, Keras defaults.
   *
   * @param learningRate step size, &gt; 0; default 0.001
   * @param rho decay of the squared-gradient average; default 0.9
   * @param epsilon default 1e-7
   */
  record RmsPropConfig(Double learningRate, Double rho, Double epsilon)
      implements OptimizerConfig {
    public RmsPropConfig {
      learningRate = learningRate == null ? 1e-3 : learningRate;
      Checks.positive("learningRate", learningRate);
      rho = rho == null ? 0.9 : rho;
      Checks.check(rho >= 0 && rho < 1, "rho", "must be in [0, 1)", rho);
      epsilon = epsilon == null ? 1e-7 : epsilon;
      Checks.positive("epsilon", epsilon);
    }

    @Override
    public Optimizer toDomain() {
      return new RmsProp(learningRate, rho, epsilon);
    }
  }
}
