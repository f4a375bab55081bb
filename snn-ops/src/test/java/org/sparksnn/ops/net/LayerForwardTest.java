package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.neuron.InitialVoltage;

/** Forward values of conv, pooling and lowpass layers against direct formulas. */
class LayerForwardTest {

  private static float[] run(NetworkSpec spec, ParameterSet p, float[][] x) {
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    return new NetworkRunner(net).evaluate(p, Fixtures.tiled(x), Fixtures.ids(x.length), null);
  }

  @Test
  void convSameStride2MatchesDirectTensorFlowConvolution() {
    int h = 6;
    int w = 5;
    int cin = 2;
    int k = 3;
    int cout = 3;
    int s = 2;
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {h, w, cin},
            List.of(new LayerSpec.Conv2d("c", cout, k, s, LayerSpec.Padding.SAME, true)),
            0.001,
            1);
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    ParameterSet p = net.initParameters(3);
    float[] bias = p.get("c/bias");
    for (int j = 0; j < cout; j++) {
      bias[j] = 0.1f * j;
    }
    float[][] x = Fixtures.uniform(4, 2, h * w * cin, -1, 1);
    float[] out = run(spec, p, x);
    float[] kern = p.get("c/kernel");
    int oh = 3;
    int ow = 3;
    // TF SAME: total pad = max((o-1)*s + k - i, 0); top = total/2.
    int padTop = Math.max((oh - 1) * s + k - h, 0) / 2;
    int padLeft = Math.max((ow - 1) * s + k - w, 0) / 2;
    for (int n = 0; n < 2; n++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int co = 0; co < cout; co++) {
            double acc = bias[co];
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * s + ky - padTop;
                int ix = ox * s + kx - padLeft;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                for (int ci = 0; ci < cin; ci++) {
                  acc +=
                      x[n][(iy * w + ix) * cin + ci] * kern[((ky * k + kx) * cin + ci) * cout + co];
                }
              }
            }
            assertEquals(acc, out[n * oh * ow * cout + (oy * ow + ox) * cout + co], 1e-5);
          }
        }
      }
    }
  }

  @Test
  void avgPoolAveragesWindowsAndDropsRemainder() {
    NetworkSpec spec =
        new NetworkSpec(new int[] {3, 4, 1}, List.of(new LayerSpec.AvgPool("p", 2)), 0.001, 1);
    float[][] x = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
    float[] out = run(spec, ParameterSet.builder().build(), x);
    assertEquals(2, out.length);
    assertEquals((1 + 2 + 5 + 6) / 4f, out[0], 0);
    assertEquals((3 + 4 + 7 + 8) / 4f, out[1], 0);
  }

  @Test
  void lowpassStepResponseIsOneMinusAPower() {
    double dt = 0.001;
    double tau = 0.005;
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {1},
            List.of(new LayerSpec.Lowpass("lp", tau, true, 0)),
            dt,
            7,
            Readout.LAST_STEP,
            0,
            InitialVoltage.zero());
    Network net = Network.compile(spec, TestNeurons.RESOLVER);
    double a = Math.exp(-dt / tau);
    float[] seen = new float[7];
    new NetworkRunner(net)
        .evaluate(
            net.initParameters(0),
            Fixtures.tiled(new float[][] {{1f}}),
            new long[] {0},
            (t, v) -> seen[t] = v.layerOutput(0)[0]);
    for (int t = 0; t < 7; t++) {
      // no extra delay: y[0] = (1 - a)·x[0]
      assertEquals(1 - Math.pow(a, t + 1), seen[t], 1e-6);
    }
  }
}
