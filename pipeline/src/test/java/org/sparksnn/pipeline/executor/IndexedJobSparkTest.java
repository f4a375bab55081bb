package org.sparksnn.pipeline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.SparkTestSession;

@Tag("spark")
class IndexedJobSparkTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(IndexedJobSparkTest.class);
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void eachIndexRunsAsItsOwnTaskAndTheResultsComeBackInIndexOrder() {
    List<List<Integer>> results =
        IndexedJob.run(jsc, 5, i -> List.of(i, TaskContext.getPartitionId(), i * i));
    assertEquals(5, results.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(List.of(i, i, i * i), results.get(i));
    }
  }

  /** The error of a job of {@code tasks} tasks whose task {@code failing} throws {@code e}. */
  private static SparkException failure(int tasks, int failing, Exception e) {
    return assertThrows(
        SparkException.class,
        () ->
            IndexedJob.run(
                jsc,
                tasks,
                i -> {
                  if (i == failing) {
                    throw e;
                  }
                  return i;
                }));
  }

  @Test
  void aTaskThatThrowsFailsTheJobWithItsMessage() {
    SparkException e = failure(3, 2, new IllegalStateException("task two cannot go on"));
    assertTrue(e.getMessage().contains("task two cannot go on"), e.getMessage());
  }

  @Test
  void aCheckedExceptionReachesTheDriverNamingTheTask() {
    SparkException e = failure(2, 1, new java.io.IOException("disk gone"));
    assertTrue(e.getMessage().contains("IndexedJob: task 1 failed"), e.getMessage());
    assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
  }

  @Test
  void noTasksIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndexedJob.run(jsc, 0, i -> i));
    assertEquals("IndexedJob.tasks must be >= 1, got 0", e.getMessage());
  }
}
