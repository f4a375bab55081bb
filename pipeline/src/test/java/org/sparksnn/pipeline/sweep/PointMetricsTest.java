package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sparksnn.ops.neuron.NeuronTypes;

/** {@link PointMetrics} on hand-made counts: every number derived by hand from its definition. */
class PointMetricsTest {

  /**
   * The fixture network (16 inputs → 8 spiking-relu → 3, dt 0.01 s, 10 steps) after 4 images:
   * hidden spike counts {0, 4, 0, 8, 2, 0, 20, 6} over 4·10·0.01 = 0.4 neuron-seconds each, so
   * rates {0, 10, 0, 20, 5, 0, 50, 15} Hz; 3 images right at the last step (and by the last-step
   * readout), 2 by the mean readout.
   */
  static PointResult build() {
    return build("k");
  }

  /** {@link #build()} with the point key {@code key}. */
  static PointResult build(String key) {
    PointNetwork.Prepared p =
        PointNetwork.prepare(
            SweepFixtures.spec("spiking-relu", 10),
            SweepFixtures.weights(),
            new GridPoint("m", null, null, null, SynapseSetting.none(), null),
            NeuronTypes::create);
    PartialResult r = new PartialResult(10, new int[] {8});
    r.addImages(4);
    r.addSpikes(0, new double[] {0, 4, 0, 8, 2, 0, 20, 6}, 1.0);
    r.addCorrect(0, 1);
    r.addCorrect(9, 3);
    r.addFinal(3, 2, 0);
    return PointMetrics.build(
        new GridPoint("m", null, null, null, null, null), key, "h", p, NeuronTypes::create, r, 0);
  }

  @Test
  void firingStatisticsOfMinAndMeanCountActiveNeuronsOnly() {
    LayerStats s = build().layers().get(0);
    assertEquals(8, s.neurons());
    assertEquals(5.0, s.rateMinHz(), 1e-12, "lowest rate > 0");
    assertEquals((10 + 20 + 5 + 50 + 15) / 5.0, s.rateMeanHz(), 1e-12, "mean of the 5 active");
    assertEquals(50.0, s.rateMaxHz(), 1e-12);
    assertEquals(5 / 8.0, s.activeFraction());
    assertEquals(40 / (8 * 4 * 10.0), s.spikesPerNeuronPerStep(), 1e-15, "over all neurons");
    double[] edges = s.histogramEdges();
    assertEquals(PointMetrics.HISTOGRAM_BINS + 1, edges.length);
    assertEquals(0.0, edges[0]);
    assertEquals(50.0, edges[PointMetrics.HISTOGRAM_BINS], 1e-12);
    long[] counts = new long[PointMetrics.HISTOGRAM_BINS];
    counts[0] = 3; // the silent neurons
    counts[2] = 1; // 5 Hz in [5, 7.5)
    counts[4] = 1; // 10 Hz
    counts[6] = 1; // 15 Hz
    counts[8] = 1; // 20 Hz
    counts[19] = 1; // 50 Hz: the last bin includes its upper edge
    assertArrayEquals(counts, s.histogramCounts());
  }

  @Test
  void accuracyIsTheLastStepsAndTheMeanReadoutIsSeparate() {
    PointResult pr = build();
    assertEquals(0.75, pr.accuracy());
    assertEquals(0.75, pr.accuracyLastStep());
    assertEquals(0.5, pr.accuracyMean());
    assertArrayEquals(
        new double[] {0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0.75}, pr.accuracyPerStep());
  }

  /**
   * The input is not spikes: 16·8 synapses every step; the hidden layer spikes: 40 spikes / 4
   * images = 10 per image, times the mean fan-out 24/8 = 3. Dense: every synapse every step.
   */
  @Test
  void synapticOpsAndNeuronUpdatesPerInference() {
    PointResult pr = build();
    assertEquals(16 * 8 * 10 + 10 * 3.0, pr.synopsPerInference(), 1e-12);
    assertEquals((16 * 8 + 8 * 3) * 10.0, pr.denseSynopsPerInference());
    assertEquals(8 * 10.0, pr.neuronUpdatesPerInference());
  }
}
