package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
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
    assertEquals(perImage + 120 * perStep, PointWork.total(mlp(120)));
  }

  @Test
  void longerPointsLeftMeanMoreTimeLeftThanTheirNumberSays() {
    // two 10-step points done in 20 s and one 120-step point left: counting points says 10 s;
    // the 120-step point's work is almost 9 times a 10-step one's (the first dense layer runs
    // once per image whatever the steps)
    Map<Integer, Double> work = new LinkedHashMap<>();
    work.put(0, PointWork.total(mlp(10)));
    work.put(1, PointWork.total(mlp(10)));
    work.put(2, PointWork.total(mlp(120)));
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
