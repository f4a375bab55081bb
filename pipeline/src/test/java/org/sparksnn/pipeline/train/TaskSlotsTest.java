package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** Waiting for executors to register before a barrier stage, on a fake clock. */
class TaskSlotsTest {
  private final AtomicLong nanos = new AtomicLong();

  /** Slots that appear as the fake clock passes the given milliseconds. */
  private IntSupplier registering(long... millisOfEachSlot) {
    return () -> {
      int n = 0;
      for (long at : millisOfEachSlot) {
        n += nanos.get() >= at * 1_000_000L ? 1 : 0;
      }
      return n;
    };
  }

  private int await(IntSupplier slots, int needed) {
    return TaskSlots.await(slots, needed, 30_000, 5_000, nanos::get, ms -> nanos.addAndGet(ms * 1_000_000L));
  }

  @Test
  void waitsUntilEnoughExecutorsHaveRegistered() {
    assertEquals(3, await(registering(2_000, 2_000, 6_500), 3));
    assertTrue(nanos.get() >= 6_500_000_000L && nanos.get() < 6_700_000_000L, "" + nanos.get());
  }

  @Test
  void doesNotWaitWhenTheSlotsAreThere() {
    assertEquals(2, await(() -> 2, 2));
    assertEquals(0, nanos.get());
  }

  @Test
  void failsOnceTheRegisteredSlotsHaveSettledBelowTheReplicas() {
    TooFewTaskSlotsException e =
        assertThrows(TooFewTaskSlotsException.class, () -> await(registering(1_000, 1_500), 3));
    assertEquals(
        "SyncTrainConfig.replicas must be <= the cluster's task slots, 2 after waiting 6.5 s for"
            + " executors to register (executor cores / spark.task.cpus; a barrier stage runs all"
            + " its tasks at once), got 3",
        e.getMessage());
    assertEquals(3, e.needed());
    assertEquals(2, e.slots());
  }

  @Test
  void failsAfterTheRegistrationWaitWhenNoExecutorRegisters() {
    TooFewTaskSlotsException e = assertThrows(TooFewTaskSlotsException.class, () -> await(() -> 0, 1));
    assertEquals(
        "train.partitions must be <= the cluster's task slots, 0 after waiting 30.0 s for"
            + " executors to register (executor cores / spark.task.cpus; a barrier stage runs all"
            + " its tasks at once), got 1",
        e.named("train.partitions").getMessage());
  }

  @Test
  void onlyLocalMastersHaveTheirSlotsFromTheStart() {
    assertTrue(TaskSlots.isLocal("local"));
    assertTrue(TaskSlots.isLocal("local[2]"));
    assertTrue(TaskSlots.isLocal("local[*,3]"));
    assertFalse(TaskSlots.isLocal("local-cluster[2,1,1024]"));
    assertFalse(TaskSlots.isLocal("spark://127.0.0.1:7077"));
  }
}
