package org.sparksnn.pipeline.loihi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.validate.ChipLimitException;
import org.sparksnn.loihi.validate.ChipValidator;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.sweep.PointNetwork;

/** Mapping trained specs (dense and conv) to the chip: off-chip layers, shapes, cores, limits. */
class ChipModelTest {

  @Test
  void notebookNetworkMapsConvLayersOnChipAndKeepsToSpikesAndReadoutOffChip() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    ChipModel m = ChipModel.of(p.spec(), p.params(), KerasToLoihiModel.notebookBlockShapes());
    assertEquals(List.of("conv0", "conv1", "dense0"), m.chipLayerNames());
    assertNotNull(m.input());
    assertEquals("to-spikes-act", m.input().layerName());
    assertEquals(28 * 28 * 3, m.input().size());
    assertEquals("loihi-relu", m.input().neuron().typeName());
    assertEquals(255.0, m.input().factor());
    assertEquals(2352, m.network().inputSize());
    assertEquals(0.01, m.network().inputAmplitude(), 1e-15);
    List<LoihiLayer> l = m.network().layers();
    assertArrayEquals(new int[] {13, 13, 32}, l.get(0).outputShape());
    assertArrayEquals(new int[] {6, 6, 64}, l.get(1).outputShape());
    assertEquals(100, l.get(2).size());
    assertEquals(2304, l.get(2).inputSize());
    for (LoihiLayer layer : l) {
      assertEquals(0.005, layer.synapseTau(), 0, layer.name());
      assertEquals(100, layer.gainAt(0), 0, layer.name());
      assertEquals(0.01, layer.amplitude(), 1e-15, layer.name());
    }
    assertTrue(l.get(0).isConv());
    assertTrue(l.get(1).isConv());
    assertFalse(l.get(2).isConv());
    assertNotNull(m.readout());
    assertTrue(m.filteredReadout());
    assertEquals(0.005, m.readout().tau(), 0);
    assertEquals(0.01, m.readout().amplitude(), 1e-15);
    assertEquals(10, m.readout().outputSize());
    assertEquals(100, m.readout().inputSize());
  }

  @Test
  void convKernelLayoutAndBiasFollowTheSpec() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    ChipModel m = ChipModel.of(p.spec(), p.params(), Map.of());
    float[] k = p.params().get("conv1/kernel"); // [3][3][32][64]
    LoihiLayer conv1 = m.network().layers().get(1);
    // output (oy=2, ox=1, f=5) reads input (2·2 + ky, 1·2 + kx, c): tap (1, 2, 7)
    int post = (2 * 6 + 1) * 64 + 5;
    int pre = ((4 + 1) * 13 + (2 + 2)) * 32 + 7;
    assertEquals(k[((1 * 3 + 2) * 32 + 7) * 64 + 5], conv1.weight(post, pre), 0);
    float[] d = p.params().get("dense0/kernel");
    float[] b = p.params().get("dense0/bias");
    LoihiLayer dense0 = m.network().layers().get(2);
    assertEquals(d[17 * 100 + 42], dense0.weight(42, 17), 0);
    assertEquals(100 * b[42], dense0.biasAt(42), 1e-9);
  }

  @Test
  void notebookBlockShapesGiveEightFourAndTwoCoresAndFit() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    ChipModel m = ChipModel.of(p.spec(), p.params(), KerasToLoihiModel.notebookBlockShapes());
    List<LayerMapping> mapping = CoreMapper.map(m.network(), ChipLimits.loihi());
    assertEquals(8, mapping.get(0).cores().size()); // 13×13×32 in (16,16,4) tiles
    assertEquals(4, mapping.get(1).cores().size()); // 6×6×64 in (8,8,16) tiles
    assertEquals(2, mapping.get(2).cores().size()); // 100 in (50,) tiles
    for (LayerMapping lm : mapping) {
      lm.cores().forEach(c -> assertTrue(c.size() <= 1024));
    }
    new ChipValidator(ChipLimits.loihi()).validate(m.network(), mapping);
  }

  @Test
  void activationNamesAlsoSelectBlockShapes() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    ChipModel m = ChipModel.of(p.spec(), p.params(), Map.of("act0", new int[] {16, 16, 4},
        "act1", new int[] {8, 8, 16}, "act2", new int[] {50}));
    assertArrayEquals(new int[] {16, 16, 4}, m.network().layers().get(0).blockShape());
    assertArrayEquals(new int[] {50}, m.network().layers().get(2).blockShape());
  }

  @Test
  void notebookNetworkWithoutBlockShapesFailsOnSynapseBits() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    ChipModel m = ChipModel.of(p.spec(), p.params(), Map.of());
    List<LayerMapping> mapping = CoreMapper.map(m.network(), ChipLimits.loihi());
    ChipLimitException e = assertThrows(ChipLimitException.class,
        () -> new ChipValidator(ChipLimits.loihi()).validate(m.network(), mapping));
    assertTrue(e.getMessage().startsWith("layer 'conv1' core 0: synapse bits ("), e.getMessage());
    assertTrue(e.getMessage().contains("exceed max (1048576); try block_shape ("), e.getMessage());
    // the emulation entry point fails the same way, before any image is emulated
    ChipLimitException e2 = assertThrows(ChipLimitException.class,
        () -> new ChipEvaluation(m, null, 30, org.sparksnn.loihi.emulator.Strictness.FAIL, false));
    assertEquals(e.getMessage(), e2.getMessage());
  }

  @Test
  void denseModelWithoutToSpikesLayerIsDrivenByTheEncoder() {
    NetworkSpec spec = new NetworkSpec(new int[] {20}, List.of(
        new LayerSpec.Dense("dense0", 16, true), LayerSpec.Activation.of("act0", "spiking-relu"),
        new LayerSpec.Dense("out", 4, true)), 0.001, 10);
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    ChipModel m = ChipModel.of(spec, w, Map.of());
    assertNull(m.input());
    assertEquals(20, m.network().inputSize());
    assertEquals(List.of("dense0"), m.chipLayerNames());
    assertFalse(m.filteredReadout());
  }

  @Test
  void plainActivationToSpikesLayerRunsOffChip() {
    NetworkSpec spec = new NetworkSpec(new int[] {4, 4, 1}, List.of(
        LayerSpec.Activation.of("in", "loihi-relu"),
        new LayerSpec.Conv2d("c", 2, 3, 1, LayerSpec.Padding.VALID, true),
        LayerSpec.Activation.of("act", "loihi-relu"),
        new LayerSpec.Flatten("f"), new LayerSpec.Dense("out", 3, true)), 0.001, 10);
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    ChipModel m = ChipModel.of(spec, w, Map.of());
    assertNull(m.input().conv());
    assertEquals(16, m.input().size());
    assertArrayEquals(new int[] {2, 2, 2}, m.network().layers().get(0).outputShape());
  }

  @Test
  void rejectsUnsupportedLayersNamingThem() {
    NetworkSpec spec = new NetworkSpec(new int[] {8, 8, 1}, List.of(
        new LayerSpec.Conv2d("ts", 2, 1, 1, LayerSpec.Padding.VALID, false),
        LayerSpec.Activation.of("tsa", "relu"),
        new LayerSpec.AvgPool("pool", 2),
        new LayerSpec.Flatten("f"), new LayerSpec.Dense("out", 3, true)), 0.001, 10);
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ChipModel.of(spec, w, Map.of()));
    assertTrue(e.getMessage().startsWith("layer 'pool' (avgpool)"), e.getMessage());
  }

  /** dense0 + act0 on chip, the readout {@code out} off chip. */
  private static NetworkSpec denseSpec() {
    return new NetworkSpec(new int[] {20}, List.of(
        new LayerSpec.Dense("dense0", 16, true), LayerSpec.Activation.of("act0", "spiking-relu"),
        new LayerSpec.Dense("out", 4, true)), 0.001, 10);
  }

  @Test
  void unknownBlockShapeLayerIsAnError() {
    NetworkSpec spec = denseSpec();
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("densex", new int[] {10}), "loihi.blockShapes"));
    assertEquals("loihi.blockShapes: no on-chip layer 'densex'; on-chip layers: dense0 (act0)",
        e.getMessage());
    IllegalArgumentException cli = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("densex", new int[] {10}), "--block-shape"));
    assertTrue(cli.getMessage().startsWith("--block-shape: no on-chip layer 'densex'"),
        cli.getMessage());
    // the three-argument form checks too
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("densex", new int[] {10})));
    assertTrue(plain.getMessage().startsWith("blockShapes: no on-chip layer 'densex'"),
        plain.getMessage());
  }

  @Test
  void blockShapeOfAnOffChipLayerSaysItRunsOffChip() {
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(p.spec(), p.params(), Map.of("dense1", new int[] {5}),
            "loihi.blockShapes"));
    assertEquals("loihi.blockShapes: no on-chip layer 'dense1' (layer 'dense1' runs off-chip);"
        + " on-chip layers: conv0 (act0), conv1 (act1), dense0 (act2)", e.getMessage());
  }

  @Test
  void blockShapesNamingOneLayerTwiceAreAnError() {
    NetworkSpec spec = denseSpec();
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("dense0", new int[] {8}, "act0", new int[] {4}),
            "loihi.blockShapes"));
    assertEquals("loihi.blockShapes: both 'dense0' and 'act0' name on-chip layer dense0 (act0);"
        + " give one", e.getMessage());
  }

  @Test
  void blockShapeOfTheWrongLengthOrSizeNamesTheLayerAndShape() {
    NetworkSpec spec = denseSpec();
    ParameterSet w = Network.compile(spec, KerasToLoihiModel.RESOLVER).initParameters(1);
    IllegalArgumentException dense = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("dense0", new int[] {4, 4}), "--block-shape"));
    assertEquals("--block-shape: layer 'dense0' is a dense layer and takes 1 size [n], got [4, 4]",
        dense.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(spec, w, Map.of("act0", new int[] {0}), "loihi.blockShapes"));
    assertEquals("loihi.blockShapes: layer 'act0' sizes must be > 0, got [0]", zero.getMessage());
    PointNetwork.Prepared p = KerasToLoihiModel.prepared(0.005, 100, 3);
    IllegalArgumentException conv = assertThrows(IllegalArgumentException.class,
        () -> ChipModel.of(p.spec(), p.params(), Map.of("conv0", new int[] {16}),
            "loihi.blockShapes"));
    assertEquals("loihi.blockShapes: layer 'conv0' is a conv2d layer and takes 3 sizes"
        + " [rows, cols, channels], got [16]", conv.getMessage());
  }
}
