package org.sparksnn.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.Optimizer;
import org.sparksnn.ops.optim.RmsProp;
import org.sparksnn.ops.optim.Sgd;
import org.sparksnn.pipeline.yaml.TypedYaml;

/** The train.optimizer section: Keras defaults, and each value reaches the optimizer as named. */
class OptimizerConfigTest {
  private static Optimizer optimizer(String yaml) {
    return new TypedYaml()
        .load("epochs: 1\noptimizer: " + yaml + "\n", "t.yaml", List.of(), TrainConfig.class)
        .optimizer()
        .toDomain();
  }

  @Test
  void adamAndRmsPropDefaultToKerasValues() {
    assertEquals(new Adam(0.001, 0.9, 0.999, 1e-7), optimizer("{type: adam}"));
    assertEquals(new RmsProp(0.001, 0.9, 1e-7), optimizer("{type: rmsprop}"));
    assertEquals(new Sgd(0.1, 0.0, false), optimizer("{type: sgd, learningRate: 0.1}"));
  }

  @Test
  void eachValueReachesTheOptimizerAsNamed() {
    assertEquals(
        new Adam(0.003, 0.8, 0.99, 1e-6),
        optimizer("{type: adam, learningRate: 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1.0e-6}"));
    assertEquals(
        new RmsProp(0.002, 0.95, 1e-5),
        optimizer("{type: rmsprop, learningRate: 0.002, rho: 0.95, epsilon: 1.0e-5}"));
    assertEquals(
        new Sgd(0.1, 0.5, true),
        optimizer("{type: sgd, learningRate: 0.1, momentum: 0.5, nesterov: true}"));
  }
}
