package org.sparksnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.train.BarrierTrainer;
import org.sparksnn.pipeline.train.GradientReduction;
import org.sparksnn.pipeline.train.LocalTrainer;
import org.sparksnn.pipeline.train.ReferenceTrainer;
import org.sparksnn.pipeline.train.SnnReplicaModel;
import org.sparksnn.pipeline.train.SyncTrainConfig;
import org.sparksnn.pipeline.train.TrainSamples;
import org.sparksnn.pipeline.train.TrainingResult;
import org.sparksnn.pipeline.train.allreduce.AllReduceSchedule;

/**
 * Training on {@code local-cluster[2,1,1024]}: master and two workers inside this JVM, two forked
 * executor JVMs that get Spark from SPARK_HOME and spark-snn from the assembly jar. Weights must
 * equal the single-process trainer's bit for bit (issue #4).
 */
@Tag("cluster")
class LocalClusterTrainingClusterTest {

  @Test
  void barrierAndReferenceModesOnSeparateExecutorJvmsGiveTheSingleProcessWeights() throws Exception {
    ClusterTestSupport.distribution();
    // 2 epochs x 600 samples / batch 20 = 60 steps, micro-batches of 5
    SnnReplicaModel model = ClusterTestSupport.model(40, 32, 2, 20, 5);
    TrainSamples data = ClusterTestSupport.data(600, 40, 5);
    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT);
    long t0 = System.nanoTime();
    TrainingResult single = LocalTrainer.fit(model, data, cfg, new Configuration());
    double singleSeconds = (System.nanoTime() - t0) / 1e9;

    t0 = System.nanoTime();
    SparkSession spark = ClusterTestSupport.session("local-cluster[2,1,1024]", "local-cluster-train");
    try {
      ClusterTestSupport.awaitExecutors(spark, 2, 120_000);
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      TrainingResult one = BarrierTrainer.fit(spark, model, data, cfg);
      TrainingResult two = BarrierTrainer.fit(spark, model, data, cfg.withReplicas(2));
      double barrierSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      TrainingResult reference = ReferenceTrainer.fit(spark, model, data, cfg.withReplicas(2));
      double referenceSeconds = (System.nanoTime() - t0) / 1e9;
      // fixed-point gradients around the ring, between the two executor JVMs
      SyncTrainConfig fixed = SyncTrainConfig.of(1, GradientReduction.FIXED_POINT);
      TrainingResult fixedSingle = LocalTrainer.fit(model, data, fixed, new Configuration());
      TrainingResult ring =
          BarrierTrainer.fit(
              spark, model, data, fixed.withReplicas(2).withAllReduce(AllReduceSchedule.RING));
      assertEquals(fixedSingle.params().contentHash(), ring.params().contentHash(), "ring, 2");
      assertArrayEquals(fixedSingle.stepLoss(), ring.stepLoss(), "ring, 2");

      assertEquals(60, single.steps());
      assertEquals(single.params().contentHash(), one.params().contentHash(), "barrier, 1 replica");
      assertEquals(single.params().contentHash(), two.params().contentHash(), "barrier, 2 replicas");
      assertArrayEquals(single.stepLoss(), two.stepLoss());
      assertEquals(single.params().contentHash(), reference.params().contentHash(), "reference, 2");
      System.out.printf(
          "MEASURED local-cluster[2,1,1024]: start + 2 executors %.1f s; barrier 1+2 replicas %.1f s;"
              + " reference %.1f s; single process %.2f s (60 steps)%n",
          startSeconds, barrierSeconds, referenceSeconds, singleSeconds);
    } finally {
      spark.stop();
    }
  }
}
