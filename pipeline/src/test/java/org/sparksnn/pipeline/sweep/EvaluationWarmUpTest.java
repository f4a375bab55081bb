package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationWarmUpTest {
  /** Image-steps of the made-up grid: 4 points × 30 steps per image, 20 images per batch. */
  private static final long GRID_STEPS_PER_BATCH = 4L * 30 * 20;

  @Test
  void evaluatesTheGridsBatchesAndAPointAloneOnItsOwnImages() {
    // 3 batches of the grid, then the point alone over the 160 images (8 batches) once
    assertEquals(3 * GRID_STEPS_PER_BATCH + 160L * 30, EvaluationWarmUp.run(3));
    // 20 batches: two passes of 8 and one of 4 over the grid, the point alone once
    assertEquals(20 * GRID_STEPS_PER_BATCH + 160L * 30, EvaluationWarmUp.run(20));
    // 120 (the default): 15 passes over the grid, the point alone for 12 batches: two passes
    assertEquals(120 * GRID_STEPS_PER_BATCH + 2 * 160L * 30, EvaluationWarmUp.run(120));
  }

  @Test
  void zeroBatchesDoNothing() {
    assertEquals(0, EvaluationWarmUp.run(0));
  }

  @Test
  void negativeBatchesAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EvaluationWarmUp.run(-1));
    assertTrue(e.getMessage().contains("EvaluationWarmUp.batches"), e.getMessage());
  }
}
