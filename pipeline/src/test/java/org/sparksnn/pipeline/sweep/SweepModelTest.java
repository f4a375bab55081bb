package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;

class SweepModelTest {

  private static NetworkSpec withFront(LayerSpec front) {
    NetworkSpec base = SweepFixtures.spec("relu", 10);
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(front);
    layers.addAll(base.layers());
    return base.withLayers(layers);
  }

  @Test
  void contentHashIsStableAndSeesEveryRescaleConstant() {
    var w = SweepFixtures.weights();
    String plain = SweepModel.contentHash(withFront(new LayerSpec.Rescale("px", 255)), w);
    assertEquals(plain, SweepModel.contentHash(withFront(new LayerSpec.Rescale("px", 255, 0)), w));
    assertNotEquals(plain, SweepModel.contentHash(withFront(new LayerSpec.Rescale("px", 254)), w));
    assertNotEquals(
        plain, SweepModel.contentHash(withFront(new LayerSpec.Rescale("px", 255, 1e-9)), w));
  }
}
