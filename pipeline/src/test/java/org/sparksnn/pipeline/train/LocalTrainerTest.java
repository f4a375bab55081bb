package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.Dataset;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;

class LocalTrainerTest {
  private static final Configuration HADOOP = new Configuration();

  private final SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 3, 10, 3);
  private final TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);

  @Test
  void runWithAnInjectedFailureResumesFromTheCheckpointAndEndsWithTheSameWeights(
      @TempDir Path dir) {
    SyncTrainConfig plain = SyncTrainConfig.of(1, GradientReduction.FIXED_POINT);
    TrainingResult uninterrupted = LocalTrainer.fit(model, data, plain, HADOOP);

    SyncTrainConfig cfg =
        plain
            .withCheckpoints(dir.resolve("ckpt").toUri().toString(), 3)
            .withFaultInjection(
                new FaultInjection(0, 5, dir.resolve("marker").toUri().toString()));
    assertThrows(
        FaultInjection.InjectedFailure.class, () -> LocalTrainer.fit(model, data, cfg, HADOOP));
    TrainingResult resumed = LocalTrainer.fit(model, data, cfg, HADOOP);
    assertEquals(3, resumed.resumedFromStep());
    assertEquals(uninterrupted.steps(), resumed.steps());
    assertEquals(uninterrupted.params().contentHash(), resumed.params().contentHash());
    assertEquals(
        uninterrupted.optimizerState().slots().get(1).contentHash(),
        resumed.optimizerState().slots().get(1).contentHash(),
        "Adam's second moments restored too");
    // the checkpoint logs the steps before it: the epochs report what an uninterrupted run reports
    var tc = model.trainingConfig();
    var plainHistory = uninterrupted.history(tc.batchSize(), tc.epochs(), data.size(), Double.NaN);
    var resumedHistory = resumed.history(tc.batchSize(), tc.epochs(), data.size(), Double.NaN);
    assertEquals(0, resumed.loggedFromStep());
    for (int e = 0; e < tc.epochs(); e++) {
      var a = plainHistory.epochs().get(e);
      var b = resumedHistory.epochs().get(e);
      assertEquals(a.loss(), b.loss(), "loss of epoch " + e);
      assertEquals(a.trainAccuracy(), b.trainAccuracy(), "training accuracy of epoch " + e);
      assertEquals(a.validationAccuracy(), b.validationAccuracy(), "validation of epoch " + e);
      assertTrue(b.seconds() >= 0, "seconds of epoch " + e);
    }
  }

  @Test
  void failuresAtRandomStepsResumeFromTheLatestCheckpointAndEndWithTheSameWeights(
      @TempDir Path dir) {
    SyncTrainConfig plain = SyncTrainConfig.of(1, GradientReduction.FIXED_POINT);
    TrainingResult uninterrupted = LocalTrainer.fit(model, data, plain, HADOOP);
    java.util.Random rng = new java.util.Random(2026);
    for (int trial = 0; trial < 5; trial++) {
      long step = 1 + rng.nextInt((int) uninterrupted.steps() - 1);
      Path run = dir.resolve("trial" + trial);
      SyncTrainConfig cfg =
          plain
              .withCheckpoints(run.resolve("ckpt").toUri().toString(), 3)
              .withFaultInjection(new FaultInjection(0, step, run.resolve("marker").toUri().toString()));
      assertThrows(
          FaultInjection.InjectedFailure.class, () -> LocalTrainer.fit(model, data, cfg, HADOOP));
      TrainingResult resumed = LocalTrainer.fit(model, data, cfg, HADOOP);
      assertEquals((step / 3) * 3, resumed.resumedFromStep(), "failed at step " + step);
      assertEquals(uninterrupted.params().contentHash(), resumed.params().contentHash(), "step " + step);
    }
  }

  @Test
  void finishedRunIsNotRepeated(@TempDir Path dir) {
    SyncTrainConfig cfg =
        SyncTrainConfig.of(1, GradientReduction.FIXED_POINT)
            .withCheckpoints(dir.toUri().toString(), 4);
    TrainingResult first = LocalTrainer.fit(model, data, cfg, HADOOP);
    TrainingResult again = LocalTrainer.fit(model, data, cfg, HADOOP);
    assertEquals(first.steps(), again.resumedFromStep());
    assertEquals(first.params().contentHash(), again.params().contentHash());
  }

  @Test
  void resumeRefusesACheckpointOfAnotherConfiguration(@TempDir Path dir) throws java.io.IOException {
    String ckpt = dir.toUri().toString();
    LocalTrainer.fit(
        model,
        data,
        SyncTrainConfig.of(1, GradientReduction.FIXED_POINT).withCheckpoints(ckpt, 3),
        HADOOP);
    SoftmaxRegressionModel other = SoftmaxRegressionModel.of(6, 3, 4, 10, 3); // 4 epochs
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                LocalTrainer.fit(
                    other,
                    data,
                    SyncTrainConfig.of(1, GradientReduction.FIXED_POINT).withCheckpoints(ckpt, 3),
                    HADOOP));
    assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "); the model, data or training settings differ from that run's. To start over,"
                    + " delete "
                    + new org.apache.hadoop.fs.Path(ckpt).getFileSystem(HADOOP).makeQualified(new org.apache.hadoop.fs.Path(ckpt))
                    + " (spark-snn: set output.overwrite: true, which deletes"
                    + " <output.dir>/checkpoints); to resume, run with that run's config"),
        e.getMessage());
  }

  @Test
  void divergenceStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
    float[][] x = data.features().clone();
    int poisoned = 20;
    x[poisoned] = x[poisoned].clone();
    x[poisoned][2] = Float.NaN;
    TrainSamples bad = new TrainSamples(data.ids(), data.labels(), x);
    StepPlan plan = new StepPlan(bad.ids(), model.trainingConfig());
    long firstBadStep = -1;
    for (long s = 0; s < plan.totalSteps() && firstBadStep < 0; s++) {
      for (long[] micro : plan.microBatches(s)) {
        for (long id : micro) {
          if (id == bad.ids()[poisoned]) {
            firstBadStep = s;
          }
        }
      }
    }
    assertTrue(firstBadStep >= 2, "the seed puts the bad sample after two checkpointed steps");
    String ckpt = dir.toUri().toString();
    for (GradientReduction r : GradientReduction.values()) {
      SyncTrainConfig cfg = SyncTrainConfig.of(1, r).withCheckpoints(ckpt + "/" + r, 1);
      SimulationException e =
          assertThrows(SimulationException.class, () -> LocalTrainer.fit(model, bad, cfg, HADOOP));
      assertTrue(
          e.getMessage().contains("training diverged at step " + firstBadStep), e.getMessage());
      assertTrue(
          e.getMessage().contains("last good checkpoint: step " + firstBadStep), e.getMessage());
      CheckpointStore store = new CheckpointStore(ckpt + "/" + r, HADOOP);
      assertEquals(firstBadStep, store.steps().get(store.steps().size() - 1));
    }
  }

  @Test
  void orderedFloatReductionOfASpikingNetworkEqualsTheSingleProcessTrainerBitForBit()
      throws Exception {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {12},
            List.of(
                new LayerSpec.Dense("dense0", 16, true),
                new LayerSpec.Activation("act0", "spiking-relu", Map.of(), true, 1.0, null),
                new LayerSpec.Dense("out", 3, true)),
            0.1,
            5);
    TrainingConfig training =
        new TrainingConfig(
            2, 8, 3, 9, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
    Adam adam = Adam.withLearningRate(0.01);
    SnnReplicaModel snn = new SnnReplicaModel(spec, adam, training, 4);
    TrainSamples samples = SoftmaxRegressionModel.data(29, 12, 3, 2);

    Network net = Network.compile(spec, NeuronTypes::create);
    ParameterSet params = net.initParameters(4);
    OptimizerState state = adam.init(params);
    new Trainer(net, adam, training)
        .fit(
            params,
            state,
            Dataset.timeTiled(samples.ids(), samples.features(), samples.labels()),
            null);

    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT);
    TrainingResult local = LocalTrainer.fit(snn, samples, cfg, HADOOP);
    assertEquals(params.contentHash(), local.params().contentHash());
    for (int n = 2; n <= 3; n++) {
      ReplicaLoop.Outcome o = ReplicaLoopTest.runReplicas(n, snn, samples, cfg.withReplicas(n));
      assertEquals(params.contentHash(), o.result().params().contentHash(), "n=" + n);
      assertArrayEquals(local.stepLoss(), o.result().stepLoss());
    }
  }

  /**
   * The reduction decides the bits of every step (fixed-point vs ordered float sums), so it is
   * part of the config hash: a checkpoint written with one is not resumed with the other.
   */
  @Test
  void resumeRefusesACheckpointWrittenWithTheOtherGradientReduction(@TempDir Path dir) {
    String ckpt = dir.toUri().toString();
    LocalTrainer.fit(
        model,
        data,
        SyncTrainConfig.of(1, GradientReduction.FIXED_POINT).withCheckpoints(ckpt, 3),
        HADOOP);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                LocalTrainer.fit(
                    model,
                    data,
                    SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT).withCheckpoints(ckpt, 3),
                    HADOOP));
    assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
  }
}
