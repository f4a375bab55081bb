package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.train.TrainingConfig;

/** How a step's micro-batches fall to the replicas, and the warning when some get none. */
class StepPlanTest {
  private static TrainingConfig config(int batch, int micro) {
    TrainingConfig c = TrainingConfig.of(1, batch, 7);
    return new TrainingConfig(
        c.epochs(), batch, micro, c.seed(), c.loss(), c.clipNorm(), c.schedule());
  }

  @Test
  void aStepOfOneMicroBatchLeavesEveryReplicaButTheFirstIdle() {
    List<long[]> micro = new StepPlan(new long[] {1, 2, 3, 4, 5, 6}, config(6, 6)).microBatches(0);
    assertEquals(1, micro.size());
    assertEquals(1, StepPlan.ownedCount(micro.size(), 0, 2));
    assertEquals(0, StepPlan.ownedCount(micro.size(), 1, 2));
    String warning = StepPlan.idleReplicasWarning(config(200, 200), 2);
    assertTrue(
        warning.startsWith("1 of 2 replicas have nothing to compute: a step of 200 samples is 1"
            + " micro-batch of 200"),
        warning);
    assertTrue(warning.contains("a micro-batch size of at most 100"), warning);
    assertTrue(
        StepPlan.idleReplicasWarning(config(200, 100), 3).startsWith("1 of 3 replicas"),
        "two micro-batches of 100 for three replicas");
  }

  @Test
  void noWarningWhenEveryReplicaHasAMicroBatch() {
    assertNull(StepPlan.idleReplicasWarning(config(200, 100), 2));
    assertNull(StepPlan.idleReplicasWarning(config(200, 67), 3), "micro-batches 67, 67, 66");
    assertNull(StepPlan.idleReplicasWarning(config(200, 200), 1));
  }
}
