package org.sparksnn.ops.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.ops.net.TestNeurons;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.optim.Sgd;

class TrainerTest {

  private static NetworkSpec mlp(boolean spikingAware) {
    return new NetworkSpec(
        new int[] {784},
        List.of(
            new LayerSpec.Dense("dense0", 128, true),
            new LayerSpec.Activation("spikes", "spiking-relu", Map.of(), spikingAware, 1.0, null),
            new LayerSpec.Dense("dense1", 10, true)),
        0.1,
        10,
        Readout.MEAN_OVER_STEPS,
        0,
        InitialVoltage.uniform(1));
  }

  private static double trainAndTest(boolean spikingAware) {
    Dataset train = SyntheticDigits.make(42, 0, 1000);
    Dataset test = SyntheticDigits.make(42, 100_000, 300);
    Network net = Network.compile(mlp(spikingAware), TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(7);
    Adam adam = Adam.withLearningRate(0.003);
    TrainingConfig cfg =
        new TrainingConfig(
            3, 32, 16, 11, Loss.SOFTMAX_CROSS_ENTROPY, 5.0, new LearningRateSchedule.Constant());
    Trainer trainer = new Trainer(net, adam, cfg);
    List<EpochStats> stats = trainer.fit(p, adam.init(p), train, null);
    assertEquals(3, stats.size());
    assertTrue(stats.get(2).meanLoss() < stats.get(0).meanLoss(), stats.toString());
    assertTrue(stats.get(2).samplesPerSecond() > 0);
    return trainer.accuracy(p, test, 100);
  }

  @Test
  void spikingAwareTrainingLearnsSyntheticDigits() {
    double acc = trainAndTest(true);
    assertTrue(acc > 0.8, "test accuracy " + acc);
  }

  @Test
  void rateModeTrainingThenSpikingEvaluationLearns() {
    double acc = trainAndTest(false);
    assertTrue(acc > 0.8, "test accuracy " + acc);
  }

  @Test
  void batchPlanIsAPermutationFixedBySeedAndEpoch() {
    long[] ids = {5, 3, 9, 1, 7, 2, 8};
    List<long[]> a = BatchPlan.globalBatches(ids, 3, 0, 3);
    long[] shuffled = {9, 8, 7, 5, 3, 2, 1};
    List<long[]> b = BatchPlan.globalBatches(shuffled, 3, 0, 3);
    assertEquals(3, a.size());
    assertEquals(1, a.get(2).length);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
      for (long id : a.get(i)) {
        seen.add(id);
      }
    }
    assertEquals(7, seen.size());
    assertNotEquals(
        Arrays.toString(BatchPlan.globalBatches(ids, 3, 0, 7).get(0)),
        Arrays.toString(BatchPlan.globalBatches(ids, 3, 1, 7).get(0)));
    List<long[]> micro = BatchPlan.microBatches(a.get(0), 2);
    assertArrayEquals(new long[] {a.get(0)[0], a.get(0)[1]}, micro.get(0));
    assertArrayEquals(new long[] {a.get(0)[2]}, micro.get(1));
  }

  @Test
  void microBatchGradientsComputedElsewhereReproduceFitBitForBit() {
    Dataset data = SyntheticDigits.make(1, 0, 96);
    NetworkSpec spec = mlp(true).withSteps(4);
    Sgd sgd = new Sgd(0.05, 0.9, false);
    TrainingConfig cfg =
        new TrainingConfig(
            2, 32, 8, 5, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Cosine(6, 0.1));
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet fitted = net.initParameters(3);
    new Trainer(net, sgd, cfg).fit(fitted, sgd.init(fitted), data, null);

    // Replay: micro-batch gradients from separate "executor" trainers, summed on a "driver".
    ParameterSet replay = net.initParameters(3);
    OptimizerState state = sgd.init(replay);
    Trainer driver = new Trainer(net, sgd, cfg);
    List<Trainer> executors = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      executors.add(new Trainer(Network.compile(spec, TestNeurons.RESOLVER), sgd, cfg));
    }
    for (int epoch = 0; epoch < 2; epoch++) {
      for (long[] batch : BatchPlan.globalBatches(data.ids(), 5, epoch, 32)) {
        List<long[]> micro = BatchPlan.microBatches(batch, 8);
        MicroBatchGradient[] parts = new MicroBatchGradient[micro.size()];
        for (int m = micro.size() - 1; m >= 0; m--) {
          parts[m] = executors.get(m % 3).computeGradient(replay.copy(), micro.get(m), data);
        }
        driver.applyStep(replay, state, MicroBatchGradient.sum(List.of(parts)));
      }
    }
    assertEquals(6, state.step());
    assertEquals(fitted.contentHash(), replay.contentHash());
  }

  @Test
  void nonFiniteGradientStopsTheStepBeforeTheWeightsChange() {
    NetworkSpec spec = mlp(true).withSteps(2);
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    Adam adam = Adam.withLearningRate(0.001);
    TrainingConfig cfg =
        new TrainingConfig(
            1, 32, 32, 5, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant());
    Trainer trainer = new Trainer(net, adam, cfg);
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at : new int[] {0, 31, 32, 100_479, 100_480, 101_769}) {
        ParameterSet p = net.initParameters(3);
        String before = p.contentHash();
        OptimizerState state = adam.init(p);
        float[] g = new float[p.totalSize()];
        java.util.Arrays.fill(g, 0.25f);
        g[at] = bad;
        org.sparksnn.ops.SimulationException e =
            assertThrows(
                org.sparksnn.ops.SimulationException.class,
                () -> trainer.applyStep(p, state, new MicroBatchGradient(g, 1.0, 0.0, 1, 32)));
        assertTrue(
            e.getMessage().contains("training step 0: the mean gradient is not finite"),
            e.getMessage());
        assertEquals(before, p.contentHash(), "weights changed with " + bad + " at " + at);
        assertEquals(0, state.step());
      }
    }
  }

  @Test
  void rejectsMicroBatchLargerThanBatch() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingConfig(1, 8, 16, 0, Loss.MSE, 0, new LearningRateSchedule.Constant()));
    assertTrue(e.getMessage().startsWith("TrainingConfig.microBatchSize"), e.getMessage());
  }
}
