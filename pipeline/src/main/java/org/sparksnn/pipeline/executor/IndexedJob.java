package org.sparksnn.pipeline.executor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * One Spark job of {@code n} tasks, task {@code i} computing {@code body.run(i)}; the results come
 * back in task order.
 *
 * <p>It is what {@code jsc.parallelize(0…n−1, n).map(body).collect()} does, with one difference:
 * the function Spark receives is a named class, not a lambda, so Spark's closure cleaner has
 * nothing to scan. For every lambda it is given, the cleaner reads the bytecode of the class that
 * declared it (for the Java API's wrappers and {@code collect}: Spark's own {@code JavaPairRDD$}
 * and {@code RDD}); on a sweep's few, long jobs that reading is cheap, but compiling the bytecode
 * reader to machine code was a third of the JIT compilers' time during a one-core grid sweep
 * (BENCHMARKS.md, sessions 27–28). The body must be {@link Serializable}; Spark checks that before
 * it submits the job, as for any closure.
 */
public final class IndexedJob {
  private IndexedJob() {}

  /** The work of one task: from its index in {@code [0, n)} to its result. */
  @FunctionalInterface
  public interface Body<R> extends Serializable {
    /** The result of task {@code index}. */
    R run(int index) throws Exception;
  }

  /**
   * Runs tasks {@code 0…tasks−1} as one job of the current thread's job group and returns their
   * results in task order.
   *
   * @param tasks the number of tasks, {@code >= 1}
   * @throws org.apache.spark.SparkException (unchecked in Java) when a task fails for good, as
   *     {@code collect} does
   */
  public static <R> List<R> run(JavaSparkContext jsc, int tasks, Body<R> body) {
    if (tasks < 1) {
      throw new IllegalArgumentException("IndexedJob.tasks must be >= 1, got " + tasks);
    }
    RDD<Integer> indices =
        jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks).rdd();
    @SuppressWarnings("unchecked")
    ClassTag<R> anyRef = (ClassTag<R>) (ClassTag<?>) ClassTag$.MODULE$.AnyRef();
    Object results = jsc.sc().<Integer, R>runJob(indices, new Task<R>(body), anyRef);
    List<R> out = new ArrayList<>(tasks);
    for (Object r : (Object[]) results) {
      @SuppressWarnings("unchecked")
      R typed = (R) r;
      out.add(typed);
    }
    return out;
  }

  /** The function Spark runs on each partition: one index in, one result out. */
  private static final class Task<R>
      extends AbstractFunction2<TaskContext, Iterator<Integer>, R> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Body<R> body;

    Task(Body<R> body) {
      this.body = body;
    }

    @Override
    public R apply(TaskContext context, Iterator<Integer> indices) {
      int index = indices.next();
      if (indices.hasNext()) {
        throw new IllegalStateException(
            "IndexedJob: partition " + index + " holds more than one index");
      }
      try {
        return body.run(index);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("IndexedJob: task " + index + " failed: " + e, e);
      }
    }
  }
}
