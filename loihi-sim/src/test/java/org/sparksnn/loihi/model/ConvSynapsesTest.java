package org.sparksnn.loihi.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.validate.ChipLimitException;
import org.sparksnn.loihi.validate.ChipValidator;

/**
 * Conv layers: shapes and weights of {@link Conv2D}, nengo-loihi's shared-weight synapse costs
 * ({@link ConvSynapses}) and the core mapping of the "Keras to Loihi" notebook network.
 */
class ConvSynapsesTest {
  private static final ChipLimits LOIHI = ChipLimits.loihi();

  @Test
  void outputShapesFollowKerasPadding() {
    SplittableRandom r = new SplittableRandom(1);
    double[][][][] k = KerasToLoihiNet.kernel(r, 3, 3, 32, 1);
    assertArrayEquals(new int[] {13, 13, 32}, Conv2D.valid(new int[] {28, 28, 3}, k, 2, 2)
        .outputShape());
    Conv2D same = new Conv2D(new int[] {28, 28, 3}, k, new int[] {2, 2}, Padding.SAME);
    assertArrayEquals(new int[] {14, 14, 32}, same.outputShape());
    assertEquals(0, same.padTop()); // total padding (14-1)*2+3-28 = 1: 0 before, 1 after
    Conv2D same1 = new Conv2D(new int[] {5, 5, 3}, k, new int[] {1, 1}, Padding.SAME);
    assertEquals(1, same1.padTop());
    assertArrayEquals(new int[] {5, 5, 32}, same1.outputShape());
  }

  @Test
  void rejectsKernelLargerThanValidInput() {
    double[][][][] k = KerasToLoihiNet.kernel(new SplittableRandom(1), 3, 1, 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conv2D.valid(new int[] {2, 5, 1}, k, 1, 1));
    assertTrue(e.getMessage().contains("Conv2D.kernel.rows"), e.getMessage());
  }

  @Test
  void denseEquivalentWeightsComputeTheCrossCorrelation() {
    SplittableRandom r = new SplittableRandom(3);
    for (Padding p : Padding.values()) {
      Conv2D c = new Conv2D(new int[] {7, 6, 2}, KerasToLoihiNet.kernel(r, 3, 2, 4, 1),
          new int[] {2, 1}, p);
      int[] o = c.outputShape();
      double[] x = new double[c.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextDouble();
      }
      for (int oy = 0; oy < o[0]; oy++) {
        for (int ox = 0; ox < o[1]; ox++) {
          for (int f = 0; f < o[2]; f++) {
            double want = 0;
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int iy = oy * 2 + ky - c.padTop();
                int ix = ox + kx - c.padLeft();
                if (iy < 0 || iy >= 7 || ix < 0 || ix >= 6) {
                  continue;
                }
                for (int ch = 0; ch < 2; ch++) {
                  want += c.kernelAt(ky, kx, ch, f) * x[(iy * 6 + ix) * 2 + ch];
                }
              }
            }
            int post = (oy * o[1] + ox) * o[2] + f;
            double got = 0;
            for (int pre = 0; pre < x.length; pre++) {
              got += c.weight(post, pre) * x[pre];
            }
            assertEquals(want, got, 1e-12, p + " output " + post);
          }
        }
      }
    }
  }

  @Test
  void fanOutCountsTheConnectedOutputsOfEachInput() {
    SplittableRandom r = new SplittableRandom(4);
    for (Padding p : Padding.values()) {
      Conv2D c = new Conv2D(new int[] {9, 8, 2}, KerasToLoihiNet.kernel(r, 3, 2, 3, 1),
          new int[] {2, 3}, p);
      long total = 0;
      for (int pre = 0; pre < c.inputSize(); pre++) {
        int connected = 0;
        for (int post = 0; post < c.outputSize(); post++) {
          connected += c.weight(post, pre) != 0 ? 1 : 0;
        }
        assertEquals(connected, c.fanOut(pre), p + " input " + pre);
        total += connected;
      }
      assertEquals(total, c.connections());
    }
  }

  @Test
  void unsplitSynapseHasOneWeightSetPerKernelPattern() {
    // conv0: 28x28 input, 3x3 stride 2 -> row patterns {1, 1, 2, 1} valid taps (i = 27 unused);
    // 16 sets of 3·ki·kj·32 weights, 9 + 8 index bits (max index 479 -> 9 bits):
    // 9 sets of 96 (1728 bits) + 6 of 192 (3456) + 1 of 384 (6912) = 43200
    LoihiNetwork net = KerasToLoihiNet.build(true, 1);
    ConvSynapses c0 = new ConvSynapses(net.layers().get(0).conv());
    assertEquals(784, c0.unsplitAxons());
    assertEquals(9 * 1728 + 6 * 3456 + 6912, c0.unsplitBits());
    // conv1: 13x13x32 -> 6x6x64; 9 sets of 2048, 6 of 4096, 1 of 8192 weights at 18 bits/weight
    ConvSynapses c1 = new ConvSynapses(net.layers().get(1).conv());
    assertEquals(921_600, c1.unsplitBits());
    assertEquals(1152, ConvSynapses.setBits(64, 9));
    assertEquals(10, ConvSynapses.idxBits(767));
    assertEquals(0, ConvSynapses.idxBits(0));
    assertEquals(12, ConvSynapses.idxBits(1 << 14));
  }

  @Test
  void notebookBlockShapesFitTheChip() {
    LoihiNetwork net = KerasToLoihiNet.build(true, 1);
    List<LayerMapping> m = CoreMapper.map(net, LOIHI);
    new ChipValidator(LOIHI).validate(net, m);
    assertEquals(8, m.get(0).cores().size()); // 13x13x32 in tiles of 13x13x4
    assertEquals(4, m.get(1).cores().size()); // 6x6x64 in tiles of 6x6x16
    assertEquals(2, m.get(2).cores().size());
    Core c0 = m.get(0).cores().get(0);
    assertEquals(676, c0.size());
    assertEquals(27 * 27, c0.inAxons()); // input row/col 27 feeds no output
    assertEquals(169 * 2 * 4, c0.outAxons()); // every pixel, pop32, to each of 4 conv1 cores
    Core c1 = m.get(1).cores().get(0);
    assertEquals(169, c1.inAxons());
    assertEquals(576 * 2, c1.outAxons()); // dense next layer: one axon per core of dense0
    assertEquals(457_216, c1.synapseBits());
    Core d = m.get(2).cores().get(0);
    assertEquals(2304, d.inAxons());
    assertEquals(2304L * 448, d.synapseBits());
    for (LayerMapping lm : m) {
      for (Core c : lm.cores()) {
        assertTrue(c.synapseBits() <= LOIHI.maxSynapseBits(), lm.layer() + " " + c.index());
      }
    }
  }

  @Test
  void notebookWithoutBlockShapesExceedsSynapseBitsOfConv1() {
    LoihiNetwork net = KerasToLoihiNet.build(false, 1);
    List<LayerMapping> m = CoreMapper.map(net, LOIHI);
    assertArrayEquals(new int[] {902}, m.get(0).blockShape()); // ceil(5408 / 6)
    assertArrayEquals(new int[] {768}, m.get(1).blockShape()); // ceil(2304 / 3)
    assertArrayEquals(new int[] {50}, m.get(2).blockShape()); // ceil(100 / 2)
    List<String> v = new ChipValidator(LOIHI).violations(net, m);
    assertEquals(3, v.size(), v.toString());
    assertEquals("layer 'conv1' core 0: synapse bits (1751040) exceed max (1048576); try"
        + " block_shape (6, 6, 16)", v.get(0));
    ChipLimitException e = assertThrows(ChipLimitException.class,
        () -> new ChipValidator(LOIHI).validate(net, m));
    assertEquals(v.get(0), e.getMessage());
  }
}
