package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.neuron.NeuronTypes;

/** The sweep's ETA weighs points by their work ({@link PointWork}), not by their number. */
class SweepEtaTest {
  private static Network mlp(int steps) {
    return Network.compile(SweepFixtures.spec("spiking-relu", steps), NeuronTypes::create);
  }

  @Test
  void workCountsTheLayerBeforeTheFirstStatefulOneOncePerImage() {
    int in = SweepFixtures.INPUTS;
    int hidden = SweepFixtures.HIDDEN;
    int classes = SweepFixtures.CLASSES;
    // dense0 runs once per image (its input is the same at every step); act0 and out every step
    assertArrayEquals(
        new double[] {in * hidden, 10.0 * hidden, 10.0 * hidden * classes},
        PointWork.perLayer(mlp(10)));
    double perImage = in * hidden;
    double perStep = hidden + (double) hidden * classes;
    assertEquals(perImage + 120 * perStep, PointWork.sum(PointWork.perLayer(mlp(120)), 0));
  }

  @Test
  void withMeasuredDensitiesALinearLayerCountsWhatTheEventDrivenKernelsDoAndANeuronItsStep() {
    int in = SweepFixtures.INPUTS;
    int hidden = SweepFixtures.HIDDEN;
    int classes = SweepFixtures.CLASSES;
    double breakEven = PointWork.EVENT_DRIVEN_BREAK_EVEN;
    double[] sparse = PointWork.perLayer(mlp(10), new double[] {1, 1, breakEven / 2});
    // dense0 before the first stateful layer: all its multiply-adds once, whatever its input
    assertEquals(in * hidden, sparse[0]);
    assertEquals(10.0 * hidden * PointWork.NEURON_STEP_COST, sparse[1], "a neuron's step");
    assertEquals(10.0 * hidden * classes / 2, sparse[2], 1e-9);
    double[] dense = PointWork.perLayer(mlp(10), new double[] {1, 1, 0.5});
    assertEquals(10.0 * hidden * classes, dense[2], "above the break-even: the dense product");
    double[] silent = PointWork.perLayer(mlp(10), new double[] {1, 1, 0});
    assertEquals(10.0 * hidden, silent[2], "no spikes: the kernels still read every input");
  }

  @Test
  void aPointOfAGroupWeighsOnlyTheLayersItDoesNotTakeFromTheGroup() {
    List<PointNetwork.Prepared> prepared = new ArrayList<>();
    for (double tau : new double[] {0.005, 0.01}) {
      prepared.add(
          PointNetwork.prepare(
              SweepFixtures.spec("spiking-relu", 10),
              SweepFixtures.weights(),
              new GridPoint("m", null, null, null, SynapseSetting.lowpass(tau), null),
              NeuronTypes::create));
    }
    EvalImages data = SweepFixtures.images(8);
    List<PointGroups.Group> together =
        PointGroups.of(List.of(0, 1), prepared, new int[2], NeuronTypes::create, true);
    assertEquals(1, together.size(), "the two synapse points share dense0, act0 and out's product");
    Map<Integer, Double> grouped =
        PointWork.estimate(together, prepared, NeuronTypes::create, null, data, true);
    List<PointGroups.Group> alone = List.of(PointGroups.Group.of(0), PointGroups.Group.of(1));
    Map<Integer, Double> apart =
        PointWork.estimate(alone, prepared, NeuronTypes::create, null, data, true);
    assertEquals(apart.get(0), grouped.get(0), "the group's first point does all its layers");
    assertTrue(
        grouped.get(1) < apart.get(1) / 4,
        "the second filters the first's product: " + grouped.get(1) + " of " + apart.get(1));
    Map<Integer, Double> dense =
        PointWork.estimate(alone, prepared, NeuronTypes::create, null, data, false);
    assertEquals(
        PointWork.sum(
            PointWork.perLayer(Network.compile(prepared.get(1).spec(), NeuronTypes::create)), 0),
        dense.get(1),
        "without a pilot: the dense counts");
    assertEquals(
        Map.of(0, 1.0),
        PointWork.estimate(
            List.of(PointGroups.Group.of(0)), prepared, NeuronTypes::create, null, data, true),
        "one point: no pilot, nothing to weigh");
  }

  @Test
  void longerPointsLeftMeanMoreTimeLeftThanTheirNumberSays() {
    // two 10-step points done in 20 s and one 120-step point left: counting points says 10 s;
    // the 120-step point's work is almost 9 times a 10-step one's (the first dense layer runs
    // once per image whatever the steps)
    Map<Integer, Double> work = new LinkedHashMap<>();
    work.put(0, PointWork.sum(PointWork.perLayer(mlp(10)), 0));
    work.put(1, PointWork.sum(PointWork.perLayer(mlp(10)), 0));
    work.put(2, PointWork.sum(PointWork.perLayer(mlp(120)), 0));
    SweepEta eta = new SweepEta(work);
    assertTrue(Double.isNaN(eta.secondsLeft(1)), "nothing done yet: no estimate");
    eta.pointDone(0);
    eta.pointDone(1);
    double expected = 20 * work.get(2) / (work.get(0) + work.get(1));
    assertEquals(expected, eta.secondsLeft(20), 1e-9);
    assertTrue(eta.secondsLeft(20) > 80, "about 9 × 10 s, got " + eta.secondsLeft(20));
    eta.pointDone(2);
    assertEquals(0.0, eta.secondsLeft(140));
  }

  @Test
  void aPointThatIsNotToBeComputedIsRefused() {
    SweepEta eta = new SweepEta(Map.of(3, 1.0));
    assertThrows(IllegalArgumentException.class, () -> eta.pointDone(4));
    assertThrows(IllegalArgumentException.class, () -> new SweepEta(Map.of(0, -1.0)));
  }
}
