package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;

class PointNetworkTest {
  private final ParameterSet weights = SweepFixtures.weights();

  private PointNetwork.Prepared prepare(NetworkSpec spec, GridPoint p) {
    return PointNetwork.prepare(spec, weights, p, NeuronTypes::create);
  }

  @Test
  void swapsNeuronScaleDtAndSteps() {
    GridPoint p = new GridPoint("m", 0.002, 42, "lif", null, ScaleSetting.global(5.0));
    PointNetwork.Prepared pr = prepare(SweepFixtures.spec("relu", 10), p);
    assertEquals(0.002, pr.spec().dt());
    assertEquals(42, pr.spec().steps());
    LayerSpec.Activation a = (LayerSpec.Activation) pr.spec().layers().get(1);
    assertEquals("lif", a.neuron());
    assertEquals(5.0, a.scaleFiringRates());
    assertEquals(3, pr.spec().layers().size());
    assertNull(pr.lowpassReadoutTau());
    assertEquals(weights.contentHash(), pr.params().contentHash());
  }

  @Test
  void swapKeepsOnlyParametersTheNewTypeAccepts() {
    NetworkSpec spec =
        SweepFixtures.spec("lif", 10)
            .withLayers(
                List.of(
                    new LayerSpec.Dense("dense0", 8, true),
                    new LayerSpec.Activation(
                        "act0", "lif", Map.of("tauRc", 0.05, "amplitude", 0.5), true, 1.0, null),
                    new LayerSpec.Dense("out", 3, true)));
    PointNetwork.Prepared pr =
        prepare(spec, new GridPoint("m", null, null, "spiking-relu", null, null));
    LayerSpec.Activation a = (LayerSpec.Activation) pr.spec().layers().get(1);
    assertEquals(Map.of("amplitude", 0.5), a.params());
  }

  @Test
  void globalSynapseIsInsertedAfterSpikingActivationsOnly() {
    GridPoint p = new GridPoint("m", null, null, null, SynapseSetting.lowpass(0.005), null);
    PointNetwork.Prepared rate = prepare(SweepFixtures.spec("relu", 10), p);
    assertEquals(3, rate.spec().layers().size());

    PointNetwork.Prepared spiking = prepare(SweepFixtures.spec("spiking-relu", 10), p);
    List<LayerSpec> layers = spiking.spec().layers();
    assertEquals(4, layers.size());
    assertEquals(new LayerSpec.Lowpass("act0_synapse", 0.005, false, 0.0), layers.get(2));
    float[] tau = spiking.params().get("act0_synapse/tau");
    assertEquals(SweepFixtures.HIDDEN, tau.length);
    assertEquals(0.005f, tau[0]);
    assertEquals(0.005, spiking.lowpassReadoutTau());
  }

  @Test
  void perLayerSynapseAppliesToNamedRateLayersAndHasNoLowpassReadout() {
    GridPoint p =
        new GridPoint("m", null, null, null, SynapseSetting.perLayer(Map.of("act0", 0.01)), null);
    PointNetwork.Prepared pr = prepare(SweepFixtures.spec("relu", 10), p);
    assertTrue(pr.spec().layers().get(2) instanceof LayerSpec.Lowpass);
    assertNull(pr.lowpassReadoutTau());
  }

  @Test
  void synapseOnTheReadoutLayerFiltersTheNetworkOutputLikeAProbe() {
    NetworkSpec spec = SweepFixtures.spec("spiking-relu", 12);
    GridPoint plain = new GridPoint("m", null, null, null, null, null);
    GridPoint filtered =
        new GridPoint("m", null, null, null, SynapseSetting.perLayer(Map.of("out", 0.05)), null);
    PointNetwork.Prepared raw = prepare(spec, plain);
    PointNetwork.Prepared pr = prepare(spec, filtered);
    assertEquals(4, pr.spec().layers().size());
    assertEquals("out_synapse", pr.spec().layers().get(3).name());
    assertTrue(pr.spec().layers().get(1) instanceof LayerSpec.Activation, "no hidden synapse");
    float[][] x = new float[2][SweepFixtures.INPUTS];
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < x[r].length; i++) {
        x[r][i] = ((i * 7 + r * 3) % 11) / 10f;
      }
    }
    long[] ids = {0, 1};
    var input = new org.sparksnn.ops.net.TimeTiledInput(x[0].length, id -> x[(int) id]);
    int n = 2 * SweepFixtures.CLASSES;
    double[] expected = new double[n];
    double a = Math.exp(-spec.dt() / 0.05);
    new org.sparksnn.ops.net.NetworkRunner(org.sparksnn.ops.net.Network.compile(raw.spec(), NeuronTypes::create))
        .evaluate(
            raw.params(),
            input,
            ids,
            (step, view) -> {
              float[] out = view.readout();
              for (int k = 0; k < n; k++) {
                expected[k] = (float) (a * expected[k] + (1 - a) * out[k]);
              }
            });
    float[] got =
        new org.sparksnn.ops.net.NetworkRunner(org.sparksnn.ops.net.Network.compile(pr.spec(), NeuronTypes::create))
            .evaluate(pr.params(), input, ids, null);
    for (int k = 0; k < n; k++) {
      assertEquals(expected[k], got[k], 1e-4 * Math.max(1, Math.abs(expected[k])));
    }
  }

  @Test
  void existingLowpassAfterActivationGetsTheNewTau() {
    NetworkSpec spec =
        SweepFixtures.spec("spiking-relu", 10)
            .withLayers(
                List.of(
                    new LayerSpec.Dense("dense0", 8, true),
                    LayerSpec.Activation.of("act0", "spiking-relu"),
                    new LayerSpec.Lowpass("lp", 0.1, true, 0.0),
                    new LayerSpec.Dense("out", 3, true)));
    ParameterSet.Builder b = ParameterSet.builder();
    for (String n : weights.names()) {
      b.add(n, weights.shape(n), weights.get(n));
    }
    b.add("lp/tau", new int[] {8}, new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f});
    PointNetwork.Prepared pr =
        PointNetwork.prepare(
            spec,
            b.build(),
            new GridPoint("m", null, null, null, SynapseSetting.lowpass(0.02), null),
            NeuronTypes::create);
    assertEquals(4, pr.spec().layers().size());
    assertEquals("lp", pr.spec().layers().get(2).name());
    float[] expected = new float[8];
    java.util.Arrays.fill(expected, 0.02f);
    assertArrayEquals(expected, pr.params().get("lp/tau"));
  }

  @Test
  void unknownLayerNamesAreReportedWithTheActivationLayers() {
    GridPoint p =
        new GridPoint("m", null, null, null, null, ScaleSetting.perLayer(Map.of("dense0", 2.0)));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> prepare(SweepFixtures.spec("relu", 10), p));
    assertEquals(
        "scale: no activation layer 'dense0' in the model; activation layers: act0",
        e.getMessage());
  }

  @Test
  void synapseNamesMayNameTheReadoutLayerButScalesMayNot() {
    NetworkSpec spec = SweepFixtures.spec("relu", 10);
    String readout = spec.layers().get(spec.layers().size() - 1).name();
    PointNetwork.checkSynapseNames(spec, java.util.Set.of("act0", readout), "sweep.points[1].synapse");
    var notThere =
        assertThrows(
            IllegalArgumentException.class,
            () -> PointNetwork.checkSynapseNames(spec, java.util.Set.of("dense0"), "sweep.synapse[0]"));
    assertEquals(
        "sweep.synapse[0]: no activation layer 'dense0' in the model; activation layers: act0;"
            + " readout layer: " + readout,
        notThere.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PointNetwork.checkActivationNames(spec, java.util.Set.of(readout), "scale"));
  }
}
