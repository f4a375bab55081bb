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

  private static ParameterSet vector(float... w) {
    return ParameterSet.builder().add("l/kernel", new int[] {w.length}, w.clone()).build();
  }

  /**
   * Hand-computed first step with a gradient small enough that ε = 1e-7 matters: m = 0.1·1e-4,
   * v = 0.001·1e-8, lr_t = 0.01·sqrt(0.001)/0.1, so w = 1 − 1e-5·lr_t/(sqrt(1e-11) + 1e-7) =
   * 0.99030653… An ε added under the square root would move w by only 1e-4.
   */
  @Test
  void adamAddsEpsilonAfterTheSquareRoot() {
    Adam adam = Adam.withLearningRate(0.01);
    ParameterSet w = one(1f);
    adam.update(w, one(1e-4f), adam.init(w));
    assertEquals(0.9903065343003171, w.get(0)[0], 1e-6);
  }

  /**
   * Three steps on four weights, against the Keras / TensorFlow {@code ApplyAdam} kernel written
   * out as the class documents it: {@code lr_t} in double, then float32 {@code m += (g − m)·(1−β1);
   * v += (g² − v)·(1−β2); w −= (m·lr_t)/(sqrt(v) + ε)}. Bit-exact: replicas and resumed runs must
   * reproduce the same weights.
   */
  @Test
  void adamFollowsTheKerasFloat32KernelBitForBit() {
    Adam adam = new Adam(0.003, 0.8, 0.99, 1e-7);
    float[] w0 = {0.5f, -1.25f, 2e-3f, 7f};
    float[][] grads = {
      {1e-4f, -2.5e-3f, 0.7f, -3f}, {-4e-4f, 0.01f, 0.3f, 5f}, {2e-5f, 0f, -0.9f, 1e-6f}
    };
    ParameterSet w = vector(w0);
    OptimizerState s = adam.init(w);
    float[] ew = w0.clone();
    float[] m = new float[4];
    float[] v = new float[4];
    for (int t = 1; t <= grads.length; t++) {
      adam.update(w, vector(grads[t - 1]), s);
      float alpha = (float) (0.003 * Math.sqrt(1 - Math.pow(0.99, t)) / (1 - Math.pow(0.8, t)));
      for (int k = 0; k < 4; k++) {
        float g = grads[t - 1][k];
        m[k] = m[k] + (g - m[k]) * (float) (1 - 0.8);
        v[k] = v[k] + (g * g - v[k]) * (float) (1 - 0.99);
        ew[k] -= (m[k] * alpha) / ((float) Math.sqrt(v[k]) + (float) 1e-7);
      }
      for (int k = 0; k < 4; k++) {
        assertEquals(ew[k], w.get(0)[k], 0f, "step " + t + " weight " + k);
      }
    }
    assertEquals(3, s.step());
  }

  /**
   * Hand-computed: s = 0.1·(1e-4)² = 1e-9, w = −0.01·1e-4/(sqrt(1e-9) + 1e-7) = −0.0315230918…
   * (Keras RMSprop without momentum adds ε after the square root; under it, w would be −0.00315).
   */
  @Test
  void rmsPropAddsEpsilonAfterTheSquareRoot() {
    RmsProp r = new RmsProp(0.01, 0.9, 1e-7);
    ParameterSet w = one(0f);
    r.update(w, one(1e-4f), r.init(w));
    assertEquals(-0.03152309183260212, w.get(0)[0], 1e-8);
  }

  /**
   * The documented update {@code s = ρ·s + (1−ρ)·g²; w −= lr·g/(sqrt(s) + ε)} evaluated in double
   * from the float weight and rounded to float once per step (s kept in float), pinned bit for bit
   * as resumed and replicated training depend on it. Weights of the size of a step, where rounding
   * the step to float first would change the last bit of five of these eight.
   */
  @Test
  void rmsPropRoundsEachUpdatedWeightOnce() {
    RmsProp r = new RmsProp(0.02, 0.9, 1e-7);
    float[] w0 = {0.011f, -0.007f, 0.02f, 0.003f, -0.013f, 0.0042f, 0.0095f, -0.0301f};
    float[][] grads = {
      {0.3f, -0.2f, 0.7f, 1.1f, -0.4f, 0.05f, 0.9f, -2.0f},
      {0.1f, 0.25f, -0.6f, 0.8f, 0.33f, -0.07f, 0.2f, 1.5f},
      {-0.9f, 0.4f, 0.5f, -0.3f, 0.2f, 0.6f, -0.1f, 0.7f}
    };
    ParameterSet w = vector(w0);
    OptimizerState st = r.init(w);
    float[] ew = w0.clone();
    float[] s = new float[w0.length];
    for (int t = 0; t < grads.length; t++) {
      r.update(w, vector(grads[t]), st, 0.5);
      for (int k = 0; k < w0.length; k++) {
        double g = grads[t][k];
        s[k] = (float) (0.9 * s[k] + (1 - 0.9) * (g * g));
        ew[k] = (float) (ew[k] - 0.02 * 0.5 * g / (Math.sqrt(s[k]) + 1e-7));
        assertEquals(ew[k], w.get(0)[k], 0f, "step " + t + " weight " + k);
      }
    }
  }
}
