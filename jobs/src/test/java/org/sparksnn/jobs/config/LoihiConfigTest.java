package org.sparksnn.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.yaml.TypedYaml;

/** The loihi section of the Keras-to-Loihi configs: steps, synapse, scales, target rate. */
class LoihiConfigTest {
  private final TypedYaml loader = new TypedYaml();

  private SparkSnnConfig load(String file, String... overrides) throws Exception {
    String yaml = Files.readString(Path.of("..", file));
    return loader.load(yaml, file, List.of(overrides), SparkSnnConfig.class);
  }

  @Test
  void kerasToLoihiConfigsParse() throws Exception {
    LoihiConfig lc = load("conf/keras-to-loihi.yaml").loihi();
    assertEquals(30, lc.steps());
    assertEquals(0.005, lc.synapseSetting().tau());
    assertEquals(200.0, lc.targetRate());
    assertTrue(lc.scaleSetting().isModel());
    assertEquals(List.of(16, 16, 4), lc.blockShapes().get("conv0"));
    assertEquals(List.of(50), lc.blockShapes().get("dense0"));
    LoihiConfig trained = load("conf/keras-to-loihi-trained.yaml").loihi();
    assertEquals(400.0, trained.scaleSetting().all());
    assertEquals(null, trained.targetRate());
  }

  @Test
  void targetRateExcludesExplicitScalesAndMustBePositive() {
    String a = assertThrows(ConfigException.class,
        () -> load("conf/keras-to-loihi.yaml", "loihi.scaleFiringRates=100")).getMessage();
    assertTrue(a.contains("loihi.targetRate excludes scaleFiringRates"), a);
    String b = assertThrows(ConfigException.class,
        () -> load("conf/keras-to-loihi.yaml", "loihi.targetRate=-1")).getMessage();
    assertTrue(b.contains("loihi.targetRate must be > 0"), b);
  }

  @Test
  void aTargetRateInScaleFiringRatesPointsToTheTargetRateKey() {
    String e =
        assertThrows(
                ConfigException.class,
                () ->
                    load(
                        "conf/keras-to-loihi-trained.yaml",
                        "loihi.scaleFiringRates={targetRate: 200}"))
            .getMessage();
    assertTrue(
        e.startsWith("--set loihi.scaleFiringRates={targetRate: 200}: loihi.scaleFiringRates must be"
            + " model, a number or a per-layer map here (set loihi.targetRate for a target rate)"),
        e);
  }

  @Test
  void nonPositiveBlockShapeSizeNamesTheSetKeyPathAndValue() {
    String zero = assertThrows(ConfigException.class,
        () -> load("conf/keras-to-loihi.yaml", "loihi.blockShapes={dense0: [0]}")).getMessage();
    assertEquals(
        "--set loihi.blockShapes={dense0: [0]}: loihi.blockShapes.dense0[0] must be > 0, got 0",
        zero);
    String negative = assertThrows(ConfigException.class,
        () -> load("conf/keras-to-loihi.yaml", "loihi.blockShapes.conv1.2=-4")).getMessage();
    assertEquals(
        "--set loihi.blockShapes.conv1.2=-4: loihi.blockShapes.conv1[2] must be > 0, got -4", negative);
    String missing = assertThrows(ConfigException.class,
        () -> load("conf/keras-to-loihi.yaml", "loihi.blockShapes={dense0: [null]}")).getMessage();
    assertEquals(
        "--set loihi.blockShapes={dense0: [null]}: loihi.blockShapes.dense0[0] must be set, got null",
        missing);
  }

  @Test
  void emptyOrMisshapenBlockShapeIsAnError() {
    for (String value : List.of("[]", "null", "[10, 10]", "[1, 2, 3, 4]")) {
      String m = assertThrows(ConfigException.class,
          () -> load("conf/keras-to-loihi.yaml", "loihi.blockShapes={dense0: " + value + "}"),
          value).getMessage();
      assertTrue(m.startsWith("--set loihi.blockShapes={dense0: " + value + "}:"
          + " loihi.blockShapes.dense0 must be [n]"
          + " (dense layer) or [rows, cols, channels] (conv layer), got "), m);
    }
  }
}
