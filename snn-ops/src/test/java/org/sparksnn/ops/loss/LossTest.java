package org.sparksnn.ops.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossTest {

  @Test
  void crossEntropyOfEqualLogitsIsLogClasses() {
    float[] logits = {2, 2, 2, 2, 1000, 0, 0, 0};
    float[] grad = new float[8];
    double loss = Loss.SOFTMAX_CROSS_ENTROPY.lossAndGradient(logits, 2, 4, new int[] {1, 0}, grad);
    assertEquals(Math.log(4), loss, 1e-9);
    assertEquals(0.25f - 1, grad[1], 1e-7);
    assertEquals(0.25f, grad[0], 1e-7);
    assertEquals(0f, grad[4], 1e-7);
  }

  @Test
  void mseIsMeanOverClassesSummedOverRows() {
    float[] out = {1, 1, 0, 0};
    float[] grad = new float[4];
    double loss = Loss.MSE.lossAndGradient(out, 2, 2, new int[] {0, 0}, grad);
    assertEquals(0.5 + 0.5, loss, 1e-12);
    assertEquals(1f, grad[1]);
    assertEquals(-1f, grad[2]);
  }

  @Test
  void rejectsLabelOutOfRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Loss.MSE.lossAndGradient(new float[2], 1, 2, new int[] {2}, null));
    assertTrue(e.getMessage().startsWith("Loss.labels[0]"), e.getMessage());
  }

  @Test
  void rateRegularizerPenalizesOnlyOutsideTheRange() {
    RateRegularizer r = new RateRegularizer(0.5, 2.0, 10, 20);
    assertEquals(0, r.penalty(15));
    assertEquals(0.5 * 2 + 2.0 * 4, r.penalty(8), 1e-12);
    assertEquals(0.5 + 2 * 2.0 * 3, r.penaltyDerivative(23), 1e-12);
    assertEquals(-0.5 - 2 * 2.0 * 2, r.penaltyDerivative(8), 1e-12);
    RateRegularizer t = RateRegularizer.l2(0.1, 5);
    assertEquals(0.1 * 9, t.penalty(8), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new RateRegularizer(0, 1, 5, 4));
  }
}
