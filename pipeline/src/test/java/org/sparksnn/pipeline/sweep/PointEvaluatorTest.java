package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronState;
import org.sparksnn.ops.neuron.NeuronTypes;

class PointEvaluatorTest {
  private static final EvalImages DATA = SweepFixtures.images(90);
  private static final int BATCH = 16;

  private static PointNetwork.Prepared prepared(String neuron, int steps, SynapseSetting syn) {
    return PointNetwork.prepare(
        SweepFixtures.spec(neuron, steps),
        SweepFixtures.weights(),
        new GridPoint("m", null, null, null, syn, null),
        NeuronTypes::create);
  }

  private static PartialResult evaluate(PointNetwork.Prepared p, int partitions) {
    PointEvaluator ev = new PointEvaluator(p, NeuronTypes::create);
    int batches = PointEvaluator.batchCount(DATA.count(), BATCH);
    PartialResult merged = null;
    for (int q = 0; q < partitions; q++) {
      PartialResult r =
          new PointEvaluator(p, NeuronTypes::create)
              .evaluate(DATA, q * batches / partitions, (q + 1) * batches / partitions, BATCH, 2);
      merged = merged == null ? r : merged.merge(r);
    }
    assertEquals(1, ev.activationSizes().length);
    return merged;
  }

  @Test
  void accuracyEqualsSingleProcessEvaluationForRateAndSpikingNeurons() {
    for (String neuron : List.of("relu", "spiking-relu", "lif")) {
      PointNetwork.Prepared p = prepared(neuron, 30, SynapseSetting.none());
      PartialResult r = evaluate(p, 1);
      double reference = SweepFixtures.referenceAccuracy(p.spec(), p.params(), DATA, BATCH);
      long[] perStep = r.correctPerStep();
      assertEquals(DATA.count(), r.images());
      assertEquals(reference, perStep[perStep.length - 1] / (double) DATA.count(), neuron);
      assertEquals(reference, r.correctLast() / (double) DATA.count(), neuron);
      if (!neuron.equals("lif")) {
        // the fixture is built for relu-type currents; lif saturates it
        assertTrue(reference > 0.5 && reference < 1.0, neuron + " accuracy " + reference);
      }
    }
  }

  @Test
  void meanAndLowpassAccuraciesMatchReadoutsOfTheSameNetwork() {
    PointNetwork.Prepared p = prepared("spiking-relu", 25, SynapseSetting.lowpass(0.03));
    PartialResult r = evaluate(p, 1);
    NetworkSpec mean = p.spec().withReadout(org.sparksnn.ops.net.Readout.MEAN_OVER_STEPS, 0);
    NetworkSpec low = p.spec().withReadout(org.sparksnn.ops.net.Readout.LOWPASS, 0.03);
    assertEquals(
        SweepFixtures.referenceAccuracy(mean, p.params(), DATA, BATCH),
        r.correctMean() / (double) DATA.count());
    assertEquals(
        SweepFixtures.referenceAccuracy(low, p.params(), DATA, BATCH),
        r.correctLowpass() / (double) DATA.count());
  }

  @Test
  void anyPartitioningOfTheBatchesGivesIdenticalCounts() {
    PointNetwork.Prepared p = prepared("spiking-relu", 20, SynapseSetting.lowpass(0.01));
    PartialResult one = evaluate(p, 1);
    PartialResult three = evaluate(p, 3);
    assertArrayEquals(one.correctPerStep(), three.correctPerStep());
    assertEquals(one.correctMean(), three.correctMean());
    assertEquals(one.correctLowpass(), three.correctLowpass());
    for (int k = 0; k < SweepFixtures.HIDDEN; k++) {
      assertEquals(one.spikes(0, k), three.spikes(0, k));
    }
    assertEquals(2, three.examples().size());
    assertEquals(1000, three.examples().get(0).id());
  }

  @Test
  void reluRatesEqualTheAnalyticHiddenActivations() {
    PointNetwork.Prepared p = prepared("relu", 5, SynapseSetting.none());
    PartialResult r = evaluate(p, 1);
    ParameterSet w = SweepFixtures.weights();
    float[] k0 = w.get("dense0/kernel");
    float[] b0 = w.get("dense0/bias");
    float[] x = new float[SweepFixtures.INPUTS];
    double[] expected = new double[SweepFixtures.HIDDEN];
    for (int i = 0; i < DATA.count(); i++) {
      DATA.intensities(i, x, 0);
      for (int h = 0; h < SweepFixtures.HIDDEN; h++) {
        double j = b0[h];
        for (int k = 0; k < SweepFixtures.INPUTS; k++) {
          j += x[k] * k0[k * SweepFixtures.HIDDEN + h];
        }
        expected[h] += Math.max(j, 0);
      }
    }
    PointResult pr =
        PointMetrics.build(
            new GridPoint("m", null, null, null, null, null),
            "k",
            "h",
            p,
            NeuronTypes::create,
            r,
            0);
    LayerStats s = pr.layers().get(0);
    double max = 0;
    for (int h = 0; h < SweepFixtures.HIDDEN; h++) {
      double rate = expected[h] / DATA.count();
      // spikes = Σ rate·dt over steps and images; rate back = spikes / (images·steps·dt)
      assertEquals(rate, r.spikes(0, h) / (DATA.count() * 5 * 0.01), 1e-3 * rate + 1e-4);
      max = Math.max(max, rate);
    }
    assertEquals(max, s.rateMaxHz(), 1e-3 * max);
    // 16 inputs → 8 → 3: input is not spikes, so every synapse counts every step
    assertEquals((16 * 8 + 8 * 3) * 5.0, pr.synopsPerInference());
    assertEquals(8 * 5.0, pr.neuronUpdatesPerInference());
  }

  @Test
  void spikingSynopsCountSpikesTimesFanOut() {
    PointNetwork.Prepared p = prepared("spiking-relu", 10, SynapseSetting.none());
    PartialResult r = evaluate(p, 1);
    PointResult pr =
        PointMetrics.build(
            new GridPoint("m", null, null, null, null, null),
            "k",
            "h",
            p,
            NeuronTypes::create,
            r,
            0);
    double spikes = 0;
    for (int h = 0; h < SweepFixtures.HIDDEN; h++) {
      spikes += r.spikes(0, h);
      assertEquals(Math.rint(r.spikes(0, h)), r.spikes(0, h), 1e-3, "whole spikes");
    }
    assertEquals(16 * 8 * 10 + spikes / DATA.count() * 3, pr.synopsPerInference(), 1e-9);
    assertEquals((16 * 8 + 8 * 3) * 10.0, pr.denseSynopsPerInference());
    EnergyDevice loihi = EnergyDevice.defaults().get(2);
    assertEquals(pr.synopsPerInference() * 27.1e-12 + 80 * 81e-12, pr.energy(loihi), 1e-20);
  }

  /**
   * Streaming: with 1,000 steps the live heap at the last step is no larger than with 10 steps, up
   * to 10% of what a {@code [steps × batch × hidden]} record of the hidden layer alone would take
   * (16 MB). The live heap is measured after a full GC from inside the last neuron update.
   */
  @Test
  void memoryDoesNotGrowWithSteps() {
    int hidden = 256;
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {SweepFixtures.INPUTS},
            List.of(
                new LayerSpec.Dense("dense0", hidden, true),
                LayerSpec.Activation.of("act0", "spiking-relu"),
                new LayerSpec.Dense("out", 3, true)),
            0.01,
            10);
    ParameterSet w =
        org.sparksnn.ops.net.Network.compile(spec, NeuronTypes::create).initParameters(3);
    long small = liveHeapAtLastStep(spec, w, 10);
    long large = liveHeapAtLastStep(spec, w, 1000);
    long record = 1000L * BATCH * hidden * 4;
    assertTrue(
        large - small < record / 10,
        "live heap " + large + " B at 1000 steps vs " + small + " B at 10; record " + record);
  }

  private static long liveHeapAtLastStep(NetworkSpec spec, ParameterSet w, int steps) {
    long[] measured = {-1};
    NeuronModel inner = NeuronTypes.create("spiking-relu");
    NeuronModel probe =
        new NeuronModel() {
          private int calls;

          @Override
          public String typeName() {
            return inner.typeName();
          }

          @Override
          public double amplitude() {
            return inner.amplitude();
          }

          @Override
          public boolean spiking() {
            return true;
          }

          @Override
          public double rate(double current, double dt) {
            return inner.rate(current, dt);
          }

          @Override
          public double rateDerivative(double current, double dt) {
            return inner.rateDerivative(current, dt);
          }

          @Override
          public NeuronState newState(long[] ids, int neurons, InitialVoltage init) {
            return inner.newState(ids, neurons, init);
          }

          @Override
          public void step(double dt, double[] current, double[] out, NeuronState state) {
            inner.step(dt, current, out, state);
          }

          @Override
          public void step(double dt, float[] current, float[] out, NeuronState state) {
            inner.step(dt, current, out, state);
            if (++calls == steps) {
              measured[0] = liveHeap();
            }
          }
        };
    NeuronResolver resolver = (type, params) -> probe;
    PointNetwork.Prepared p =
        PointNetwork.prepare(spec, w, new GridPoint("m", null, steps, null, null, null), resolver);
    new PointEvaluator(p, resolver).evaluate(DATA, 0, 1, BATCH, 1);
    assertTrue(measured[0] > 0, "the probe saw the last step");
    return measured[0];
  }

  private static long liveHeap() {
    MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, bean.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
