package org.sparksnn.ops.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.ParameterSet;

class OptimizerTest {

  private static ParameterSet one(float w) {
    return ParameterSet.builder().add("l/kernel", new int[] {1}, new float[] {w}).build();
  }

  @Test
  void sgdMomentumFollowsKerasRecurrence() {
    Sgd sgd = new Sgd(0.1, 0.9, false);
    ParameterSet w = one(1f);
    OptimizerState s = sgd.init(w);
    sgd.update(w, one(2f), s);
    assertEquals(1 - 0.2, w.get(0)[0], 1e-6);
    sgd.update(w, one(2f), s);
    assertEquals(0.8 + (0.9 * -0.2 - 0.2), w.get(0)[0], 1e-6);
    assertEquals(2, s.step());
  }

  @Test
  void sgdNesterovLooksAhead() {
    Sgd sgd = new Sgd(0.1, 0.5, true);
    ParameterSet w = one(0f);
    OptimizerState s = sgd.init(w);
    sgd.update(w, one(1f), s);
    assertEquals(0.5 * -0.1 - 0.1, w.get(0)[0], 1e-7);
  }

  @Test
  void adamFirstStepMovesByLearningRate() {
    Adam adam = Adam.withLearningRate(0.01);
    ParameterSet w = one(1f);
    OptimizerState s = adam.init(w);
    adam.update(w, one(-3f), s);
    assertEquals(1.01, w.get(0)[0], 1e-6);
    adam.update(w, one(-3f), s, 0.5);
    assertEquals(1.015, w.get(0)[0], 1e-6);
  }

  @Test
  void rmsPropScalesByRunningRms() {
    RmsProp r = new RmsProp(0.01, 0.9, 1e-7);
    ParameterSet w = one(0f);
    OptimizerState s = r.init(w);
    r.update(w, one(4f), s);
    assertEquals(-0.01 * 4 / Math.sqrt(0.1 * 16), w.get(0)[0], 1e-6);
  }

  @Test
  void minimizesAQuadraticWithEveryOptimizer() {
    for (Optimizer o :
        new Optimizer[] {
          new Sgd(0.1, 0.9, true), Adam.withLearningRate(0.05), new RmsProp(0.02, 0.9, 1e-7)
        }) {
      ParameterSet w = one(3f);
      OptimizerState s = o.init(w);
      for (int i = 0; i < 500; i++) {
        o.update(w, one(2 * w.get(0)[0]), s);
      }
      assertTrue(Math.abs(w.get(0)[0]) < 0.05, o + " ended at " + w.get(0)[0]);
    }
  }

  @Test
  void rejectsInvalidHyperparametersNamingTheField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Adam(-1, 0.9, 0.999, 1e-7));
    assertTrue(e.getMessage().startsWith("Adam.learningRate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0, false));
    assertTrue(e.getMessage().startsWith("Sgd.momentum"), e.getMessage());
  }

  @Test
  void clipsByGlobalNorm() {
    ParameterSet g =
        ParameterSet.builder()
            .add("a", new int[] {1}, new float[] {3})
            .add("b", new int[] {1}, new float[] {4})
            .build();
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(g, 1.0), 1e-9);
    assertEquals(0.6f, g.get("a")[0], 1e-6);
    assertEquals(0.8f, g.get("b")[0], 1e-6);
    assertEquals(1.0, GradientClipping.clipByGlobalNorm(g, 2.0), 1e-6);
    assertEquals(0.6f, g.get("a")[0], 1e-6);
  }

  @Test
  void schedulesFollowTheirFormulas() {
    assertEquals(1.0, new LearningRateSchedule.Constant().factor(99));
    LearningRateSchedule.StepDecay sd = new LearningRateSchedule.StepDecay(10, 0.5);
    assertEquals(1.0, sd.factor(9));
    assertEquals(0.25, sd.factor(20));
    LearningRateSchedule.Cosine c = new LearningRateSchedule.Cosine(100, 0.1);
    assertEquals(1.0, c.factor(0), 1e-12);
    assertEquals(0.55, c.factor(50), 1e-12);
    assertEquals(0.1, c.factor(100), 1e-12);
    assertEquals(0.1, c.factor(1000), 1e-12);
  }
}
