package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * The fused spiking-relu kernel (taken for the production {@code SpikingRelu}) against the generic
 * per-step path (taken for the test model of the same equations): bit for bit, forward and
 * backward, streaming (with a listener, and without one, where the kernel only advances the
 * voltage before the last step) and last-step-only, with and without a firing-rate scale, for
 * spike counts inside and past the kernel's table of outputs, and for NaN currents.
 */
class ActivationLayerTest {

  private static NetworkSpec spec(double amplitude, Readout readout, int steps, double scale) {
    return new NetworkSpec(
        new int[] {12},
        List.of(
            new LayerSpec.Dense("d0", 9, true),
            new LayerSpec.Activation(
                "a", "spiking-relu", Map.of("amplitude", amplitude), true, scale, null),
            new LayerSpec.Dense("d1", 4, true)),
        0.05,
        steps,
        readout,
        0.02,
        InitialVoltage.uniform(3));
  }

  @Test
  void fusedSpikingReluIsBitIdenticalToTheGenericStep() {
    float[][] x = Fixtures.uniform(4, 6, 12, -1, 3);
    int[] labels = {0, 1, 2, 3, 0, 1};
    for (double amp : new double[] {1.0, 2.5}) {
      // scale 1000: up to about 150 spikes per step, past the kernel's table of outputs
      for (double scale : new double[] {1.0, 7.3, 20.0, 1000.0}) {
      for (Readout r : Readout.values()) {
        for (InputSource input : new InputSource[] {Fixtures.tiled(x), Fixtures.perStep(x)}) {
          NetworkSpec s = spec(amp, r, 7, scale);
          Network fused = Network.compile(s, NeuronTypes::create);
          Network generic = Network.compile(s, TestNeurons.RESOLVER);
          ParameterSet p = fused.initParameters(5);
          NetworkRunner a = new NetworkRunner(fused);
          NetworkRunner b = new NetworkRunner(generic);
          List<float[]> sa = new ArrayList<>();
          List<float[]> sb = new ArrayList<>();
          long[] ids = Fixtures.ids(6);
          float[] ra = a.evaluate(p, input, ids, (t, v) -> sa.add(v.layerOutput(1).clone()));
          float[] rb = b.evaluate(p, input, ids, (t, v) -> sb.add(v.layerOutput(1).clone()));
          assertArrayEquals(rb, ra);
          for (int t = 0; t < 7; t++) {
            assertArrayEquals(sb.get(t), sa.get(t));
          }
          assertArrayEquals(rb, a.evaluate(p, input, ids, null), "no listener");
          GradientResult ga = a.gradient(p, input, ids, labels, Loss.SOFTMAX_CROSS_ENTROPY);
          GradientResult gb = b.gradient(p, input, ids, labels, Loss.SOFTMAX_CROSS_ENTROPY);
          assertEquals(gb.loss(), ga.loss());
          assertArrayEquals(gb.gradient().flatten(), ga.gradient().flatten(), amp + " " + scale + " " + r);
        }
      }
      }
    }
  }

  @Test
  void fusedSpikingReluPassesNanCurrentsThroughLikeTheGenericStep() {
    float[][] x = Fixtures.uniform(4, 3, 12, -1, 3);
    x[1][5] = Float.NaN;
    for (double scale : new double[] {1.0, 7.3}) {
      NetworkSpec s = spec(1.0, Readout.LAST_STEP, 4, scale);
      Network fused = Network.compile(s, NeuronTypes::create);
      Network generic = Network.compile(s, TestNeurons.RESOLVER);
      ParameterSet p = fused.initParameters(5);
      long[] ids = Fixtures.ids(3);
      List<float[]> sa = new ArrayList<>();
      List<float[]> sb = new ArrayList<>();
      new NetworkRunner(fused)
          .evaluate(p, Fixtures.tiled(x), ids, (t, v) -> sa.add(v.layerOutput(1).clone()));
      new NetworkRunner(generic)
          .evaluate(p, Fixtures.tiled(x), ids, (t, v) -> sb.add(v.layerOutput(1).clone()));
      for (int t = 0; t < 4; t++) {
        assertArrayEquals(sb.get(t), sa.get(t), "step " + t);
      }
      // the NaN pixel reaches every neuron of its image, none of the others
      assertTrue(Float.isNaN(sa.get(3)[9]), "sample 1, neuron 0");
      assertFalse(Float.isNaN(sa.get(3)[0]), "sample 0, neuron 0");
    }
  }

  @Test
  void branchFreeReluSlopeIsTheSignTestForEveryNonNanFloat() {
    float[] special = {
      0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0x1p-127f, Float.MAX_VALUE,
      -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, 1f, -1f, 3e38f
    };
    for (float x : special) {
      assertEquals(x > 0f ? 1f : 0f, ActivationLayer.reluSlope(x) + 0f, "x = " + x);
    }
    // every 4,099th bit pattern: all exponents, both signs
    for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 4099) {
      float x = Float.intBitsToFloat((int) bits);
      if (!Float.isNaN(x)) {
        assertEquals(x > 0f ? 1f : 0f, ActivationLayer.reluSlope(x) + 0f, "bits " + bits);
      }
    }
    assertTrue(Float.isNaN(ActivationLayer.reluSlope(Float.NaN)));
  }
}
