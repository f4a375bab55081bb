package org.sparksnn.loihi.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

/** Core splitting and limit checks (numerics.md "Core limits"). */
class ChipValidatorTest {
  private static final ChipLimits LIMITS = ChipLimits.loihi();

  static LoihiNetwork dense(int nIn, int nOut, int... blockShape) {
    SplittableRandom rng = new SplittableRandom(7);
    double[][] w = new double[nOut][nIn];
    for (double[] row : w) {
      for (int i = 0; i < nIn; i++) {
        row[i] = rng.nextDouble(-0.1, 0.1);
      }
    }
    LoihiLayer l = LoihiLayer.dense("dense0", NeuronSpec.relu(), w, new double[nOut]);
    if (blockShape.length > 0) {
      l = l.withBlockShape(blockShape);
    }
    return new LoihiNetwork(nIn, 1.0, 0.001, List.of(l));
  }

  @Test
  void synapseBitsOf784To100Are702464() {
    LayerMapping m = CoreMapper.map(dense(784, 100), LIMITS).get(0);
    assertEquals(1, m.cores().size());
    assertEquals(702_464L, m.cores().get(0).synapseBits());
    new ChipValidator(LIMITS).validate(dense(784, 100), List.of(m));
  }

  @Test
  void defaultSplitOf784To1000FailsWithExactBitsAndHint() {
    LoihiNetwork net = dense(784, 1000);
    List<LayerMapping> m = CoreMapper.map(net, LIMITS);
    assertEquals(7, m.get(0).cores().size());
    assertEquals(143, m.get(0).cores().get(0).size());
    assertEquals(142, m.get(0).cores().get(6).size());
    ChipLimitException e =
        assertThrows(ChipLimitException.class, () -> new ChipValidator(LIMITS).validate(net, m));
    assertEquals(
        "layer 'dense0' core 0: synapse bits (1053696) exceed max (1048576); try block_shape (125,)",
        e.getMessage());
  }

  @Test
  void blockShape125Fits784To1000OnEightCores() {
    LoihiNetwork net = dense(784, 1000, 125);
    List<LayerMapping> m = CoreMapper.map(net, LIMITS);
    assertEquals(8, m.get(0).cores().size());
    assertEquals(784L * 1088, m.get(0).cores().get(0).synapseBits());
    assertTrue(new ChipValidator(LIMITS).violations(net, m).isEmpty());
  }

  @Test
  void tooManyCompartmentsPerCoreNamesQuantityAndLimit() {
    LoihiNetwork net = dense(4, 2000, 2000);
    ChipLimitException e = assertThrows(ChipLimitException.class,
        () -> new ChipValidator(LIMITS).validate(net, CoreMapper.map(net, LIMITS)));
    assertTrue(e.getMessage().startsWith(
        "layer 'dense0' core 0: compartments (2000) exceed max (1024); try block_shape (1000,)"),
        e.getMessage());
  }

  @Test
  void refractoryDelayAboveLimitIsRejected() {
    LoihiLayer l = LoihiLayer.dense("slow", NeuronSpec.lif(0.02, 0.07), new double[][] {{1}},
        new double[] {0});
    LoihiNetwork net = new LoihiNetwork(1, 1.0, 0.001, List.of(l));
    ChipLimitException e = assertThrows(ChipLimitException.class,
        () -> new ChipValidator(LIMITS).validate(net, CoreMapper.map(net, LIMITS)));
    assertTrue(e.getMessage().contains("refractory delay (71 steps) exceeds max (63)"),
        e.getMessage());
  }

  @Test
  void volumeBlockShapeTilesOutputRowMajorChannelsLast() {
    List<int[]> tiles = CoreMapper.tile(4 * 4 * 2, new int[] {4, 4, 2}, new int[] {2, 2, 1});
    assertEquals(8, tiles.size());
    assertEquals(List.of(0, 2, 8, 10), box(tiles.get(0)));
    assertEquals(List.of(1, 3, 9, 11), box(tiles.get(1)));
    assertEquals(List.of(4, 6, 12, 14), box(tiles.get(2)));
  }

  @Test
  void outputAxonsCountNextLayerCores() {
    LoihiLayer a = LoihiLayer.dense("a", NeuronSpec.relu(), new double[10][3], new double[10]);
    LoihiLayer b = LoihiLayer.dense("b", NeuronSpec.relu(), new double[6][10], new double[6])
        .withBlockShape(2);
    List<LayerMapping> m = CoreMapper.map(new LoihiNetwork(3, 1, 0.001, List.of(a, b)), LIMITS);
    assertEquals(30, m.get(0).cores().get(0).outAxons());
    assertEquals(0, m.get(1).cores().get(0).outAxons());
    assertEquals(10, m.get(1).cores().get(0).inAxons());
  }

  private static List<Integer> box(int[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
