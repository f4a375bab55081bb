package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;

/** A pilot run's share of non-zero inputs per layer: what the sweep's ETA weighs points by. */
class InputDensityTest {
  private static final EvalImages DATA = SweepFixtures.images(30);

  /** The fixture's weights with biases that silence the first six neurons for some images. */
  private static final ParameterSet WEIGHTS = withBias(-60f);

  private static ParameterSet withBias(float bias) {
    ParameterSet w = SweepFixtures.weights();
    float[] b0 = w.get("dense0/bias").clone();
    for (int h = 0; h < 6; h++) {
      b0[h] = bias;
    }
    return ParameterSet.builder()
        .add("dense0/kernel", new int[] {SweepFixtures.INPUTS, SweepFixtures.HIDDEN},
            w.get("dense0/kernel"))
        .add("dense0/bias", new int[] {SweepFixtures.HIDDEN}, b0)
        .add("out/kernel", new int[] {SweepFixtures.HIDDEN, SweepFixtures.CLASSES},
            w.get("out/kernel"))
        .add("out/bias", new int[] {SweepFixtures.CLASSES}, w.get("out/bias"))
        .build();
  }

  private static double[] density(String neuron, SynapseSetting syn, Double scale) {
    PointNetwork.Prepared p =
        PointNetwork.prepare(
            SweepFixtures.spec(neuron, 20),
            WEIGHTS,
            new GridPoint(
                "m",
                null,
                null,
                null,
                syn,
                scale == null ? null : new ScaleSetting(scale, Map.of())),
            NeuronTypes::create);
    return InputDensity.measure(new PointEvaluator(p, NeuronTypes::create), DATA);
  }

  @Test
  void theReadoutsInputDensityIsTheShareOfHiddenNeuronsWithAPositiveCurrentUnderRelu() {
    float[] k0 = WEIGHTS.get("dense0/kernel");
    float[] b0 = WEIGHTS.get("dense0/bias");
    int positive = 0;
    int images = InputDensity.PILOT_IMAGES;
    for (int i = 0; i < images; i++) {
      float[] px = new float[SweepFixtures.INPUTS];
      DATA.intensities(i, px, 0);
      for (int h = 0; h < SweepFixtures.HIDDEN; h++) {
        double j = b0[h];
        for (int k = 0; k < SweepFixtures.INPUTS; k++) {
          j += px[k] * k0[k * SweepFixtures.HIDDEN + h];
        }
        positive += j > 0 ? 1 : 0;
      }
    }
    double[] d = density("relu", null, null);
    assertEquals(1.0, d[0], "the network's input counts as dense");
    assertEquals((double) positive / (images * SweepFixtures.HIDDEN), d[2], 1e-12);
    assertTrue(d[2] > 0 && d[2] < 1, "some hidden neurons are silent: " + d[2]);
  }

  @Test
  void moreSpikesPerStepMakeTheReadoutsInputDenser() {
    double sparse = density("spiking-relu", null, null)[2];
    double dense = density("spiking-relu", null, 10.0)[2];
    // currents 10–90 at dt 0.01: 0.1–0.9 spikes per step; ×10, a spike at every step
    assertTrue(sparse > 0.05 && sparse < 0.9, "spikes at scale 1: " + sparse);
    assertTrue(dense > sparse, dense + " <= " + sparse);
    assertTrue(dense <= 1);
  }

  @Test
  void aSynapseMovedBehindTheReadoutLeavesItTheSpikesAsInput() {
    double[] plain = density("spiking-relu", null, null);
    double[] filtered = density("spiking-relu", SynapseSetting.lowpass(0.05), null);
    // act0 → lowpass → out: the readout sums the spikes and filters its sums
    assertEquals(plain.length + 1, filtered.length);
    assertEquals(plain[2], filtered[3], 0.0);
  }
}
