package org.sparksnn.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.ops.ConfigException;

class SparkSnnConfigTest {
  private static final String VALID =
      """
      name: t
      data: {dataset: mnist, dir: /tmp/mnist}
      encode:
        encoder: {type: rate, steps: 30, maxSpikes: 10, seed: 3}
        dt: 0.001
      """;

  private final TypedYaml loader = new TypedYaml();

  private SparkSnnConfig load(String yaml, String... overrides) {
    return loader.load(yaml, "conf/t.yaml", List.of(overrides), SparkSnnConfig.class);
  }

  private String error(String yaml, String... overrides) {
    return assertThrows(ConfigException.class, () -> load(yaml, overrides)).getMessage();
  }

  @Test
  void parsesTypedEncoderAndAppliesDefaults() {
    SparkSnnConfig c = load(VALID);
    EncoderConfig.Rate rate = assertInstanceOf(EncoderConfig.Rate.class, c.encode().encoder());
    assertEquals(30, rate.steps());
    assertEquals(3L, rate.seed());
    assertEquals(List.of("train", "test"), c.encode().splits());
    assertEquals("runs/t", c.output().dir());
  }

  @Test
  void setOverridesNestedKeyWithTypedValue() {
    SparkSnnConfig c = load(VALID, "encode.encoder.steps=50", "encode.dt=0.01");
    assertEquals(50, c.encode().encoder().steps());
    assertEquals(0.01, c.encode().dt());
  }

  @Test
  void unknownKeyIsAnErrorNamingFileAndPath() {
    String msg = error(VALID.replace("dt: 0.001", "dtt: 0.001"));
    assertTrue(msg.startsWith("conf/t.yaml: unknown key 'encode.dtt'"), msg);
    assertTrue(msg.contains("known keys: dt, encoder, partitions, splits"), msg);
  }

  @Test
  void unknownKeyFromSetIsAnError() {
    String msg = error(VALID, "encode.encoder.stepz=3");
    assertTrue(msg.contains("unknown key 'encode.encoder.stepz'"), msg);
  }

  @Test
  void outOfRangeValueNamesKeyPathConstraintAndValue() {
    String msg = error(VALID.replace("dt: 0.001", "dt: -0.5"));
    assertEquals("conf/t.yaml: encode.dt must be > 0, got -0.5", msg);
  }

  @Test
  void nestedOutOfRangeValueNamesFullPath() {
    String msg = error(VALID, "encode.encoder.steps=0");
    assertEquals("conf/t.yaml: encode.encoder.steps must be > 0, got 0", msg);
  }

  @Test
  void wrongTypeNamesPathAndExpectedType() {
    String msg = error(VALID, "encode.encoder.steps=many");
    assertTrue(msg.startsWith("conf/t.yaml: encode.encoder.steps must be an integer"), msg);
  }

  @Test
  void unknownEncoderTypeListsKnownTypes() {
    String msg = error(VALID.replace("type: rate", "type: morse"));
    assertTrue(msg.contains("encode.encoder"), msg);
    assertTrue(msg.contains("morse"), msg);
  }

  @Test
  void missingRequiredSectionIsNamed() {
    String msg = error("name: t\n");
    assertTrue(msg.contains("data must be set"), msg);
  }

  @Test
  void topLevelMustBeAMapping() {
    String msg = error("- 1\n- 2\n");
    assertEquals("conf/t.yaml: top level must be a YAML mapping, found ARRAY", msg);
  }

  @Test
  void tagsDoNotInstantiateTypes() {
    String msg =
        error(
            VALID.replace(
                "name: t", "name: !!javax.script.ScriptEngineManager [!!java.net.URL [\"x\"]]"));
    assertTrue(msg.startsWith("conf/t.yaml: "), msg);
  }

  @Test
  void resolvedConfigRoundTrips() {
    SparkSnnConfig c = load(VALID, "encode.encoder.steps=40");
    String yaml = loader.toYaml(c);
    assertEquals(c, loader.load(yaml, "resolved", List.of(), SparkSnnConfig.class));
  }
}
