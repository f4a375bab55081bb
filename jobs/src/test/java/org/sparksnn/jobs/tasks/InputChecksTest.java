package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;

/** The checks of a stage's data against its config made before any work starts. */
class InputChecksTest {
  @Test
  void aBatchAsLargeAsTheTrainingSetIsAllowedOneLargerIsNot() {
    assertDoesNotThrow(() -> InputChecks.batchFitsData(60, 60));
    assertDoesNotThrow(() -> InputChecks.batchFitsData(1, 60));
    ConfigException e =
        assertThrows(ConfigException.class, () -> InputChecks.batchFitsData(61, 60));
    assertEquals(
        "train.batchSize must be <= the number of training images 60 (after data.trainLimit),"
            + " got 61",
        e.getMessage());
  }
}
