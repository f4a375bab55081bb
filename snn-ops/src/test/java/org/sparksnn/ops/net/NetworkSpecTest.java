package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {

  @Test
  void computesShapesOfConvPoolFlattenDense() {
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {28, 28, 1},
            List.of(
                new LayerSpec.Conv2d("c0", 8, 3, 1, LayerSpec.Padding.VALID, true),
                LayerSpec.Activation.of("a0", "relu"),
                new LayerSpec.Conv2d("c1", 4, 3, 2, LayerSpec.Padding.SAME, true),
                new LayerSpec.AvgPool("p", 2),
                new LayerSpec.Flatten("f"),
                new LayerSpec.Dense("d", 10, true)),
            0.001,
            5);
    List<int[]> s = spec.outputShapes();
    assertArrayEquals(new int[] {26, 26, 8}, s.get(0));
    assertArrayEquals(new int[] {13, 13, 4}, s.get(2));
    assertArrayEquals(new int[] {6, 6, 4}, s.get(3));
    assertArrayEquals(new int[] {144}, s.get(4));
    assertArrayEquals(new int[] {10}, s.get(5));
    assertEquals(2, spec.indexOf("c1"));
  }

  @Test
  void rejectsDuplicateLayerNamesNamingTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NetworkSpec(
                    new int[] {4},
                    List.of(new LayerSpec.Dense("d", 3, true), new LayerSpec.Dense("d", 2, true)),
                    0.001,
                    1));
    assertTrue(e.getMessage().contains("'d'"), e.getMessage());
  }

  @Test
  void rejectsDenseOnImageNamingTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NetworkSpec(
                    new int[] {4, 4, 1},
                    List.of(new LayerSpec.Dense("dense0", 3, true)),
                    0.001,
                    1));
    assertTrue(e.getMessage().contains("layer 'dense0'"), e.getMessage());
    assertTrue(e.getMessage().contains("flatten"), e.getMessage());
  }

  @Test
  void rejectsKernelLargerThanInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NetworkSpec(
                    new int[] {1, 1, 1},
                    List.of(new LayerSpec.Conv2d("conv", 2, 4, 4, LayerSpec.Padding.VALID, true)),
                    0.001,
                    1));
    assertTrue(e.getMessage().contains("layer 'conv'"), e.getMessage());
  }

  @Test
  void rejectsBadLayerParameters() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Dense("d", 0, true));
    assertTrue(e.getMessage().contains("Dense(d).units"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new LayerSpec.Lowpass("lp", -1, true, 0));
    assertTrue(e.getMessage().contains("Lowpass(lp).tau"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Flatten("a/b"));
    e = assertThrows(IllegalArgumentException.class, () -> new LayerSpec.Rescale("r", 0));
    assertTrue(e.getMessage().contains("Rescale(r).factor"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new LayerSpec.Rescale("r", Double.NaN));
  }

  @Test
  void equalityUsesInputShapeContents() {
    List<LayerSpec> layers = List.of(new LayerSpec.Dense("d", 3, true));
    assertEquals(
        new NetworkSpec(new int[] {4}, layers, 0.001, 2),
        new NetworkSpec(new int[] {4}, layers, 0.001, 2));
  }
}
