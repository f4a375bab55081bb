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

  private static final String WITH_MODEL =
      VALID
          + """
          model:
            input: [784]
            dt: 0.001
            steps: 30
            layers:
              - {type: dense, name: d0, units: 32}
              - {type: activation, name: a0, neuron: relu}
              - {type: dense, name: out, units: 10}
          train:
            epochs: 1
            optimizer: {type: adam, learningRate: 0.001}
          """;

  @Test
  void setWithANumericSegmentIndexesAList() {
    SparkSnnConfig c = load(WITH_MODEL, "model.layers.0.units=64", "model.layers.1.neuron=lif");
    assertEquals(
        new org.sparksnn.ops.net.LayerSpec.Dense("d0", 64, true), c.model().toSpec().layers().get(0));
    assertEquals(
        "lif",
        ((org.sparksnn.ops.net.LayerSpec.Activation) c.model().toSpec().layers().get(1)).neuron());
    assertEquals(
        "--set model.layers.3.units=1: index 3 is out of range: model.layers has 3 entries",
        error(WITH_MODEL, "model.layers.3.units=1"));
    assertEquals(
        "--set model.layers.first.units=1: model.layers is a list; expected an index, got 'first'",
        error(WITH_MODEL, "model.layers.first.units=1"));
  }

  @Test
  void sweepSharesLayersUnlessTheConfigSaysNo() {
    String yaml = VALID + "sweep: {dt: [0.001]}\n";
    assertTrue(load(yaml).sweep().toOptions().shareLayers());
    assertTrue(!load(yaml, "sweep.shareLayers=false").sweep().toOptions().shareLayers());
    assertTrue(error(yaml, "sweep.shareLayers=maybe").contains("sweep.shareLayers"));
  }

  @Test
  void modelTimeStepAndStepsMustBePositive() {
    assertEquals(
        "--set model.dt=0: model.dt must be > 0, got 0.0", error(WITH_MODEL, "model.dt=0"));
    assertEquals(
        "--set model.dt=-0.001: model.dt must be > 0, got -0.001",
        error(WITH_MODEL, "model.dt=-0.001"));
    assertEquals(
        "--set model.steps=0: model.steps must be > 0, got 0", error(WITH_MODEL, "model.steps=0"));
    // written in the file, the same mistake names the file
    assertEquals(
        "conf/t.yaml: model.dt must be > 0, got 0.0",
        error(WITH_MODEL.replace("input: [784]\n  dt: 0.001", "input: [784]\n  dt: 0")));
  }

  @Test
  void gradientTransportDefaultsToAutoAndAcceptsOnlyAutoOrTcp() {
    assertEquals("auto", load(WITH_MODEL).train().transport());
    assertEquals("tcp", load(WITH_MODEL, "train.transport=tcp").train().transport());
    assertEquals(
        "--set train.transport=shm: train.transport must be auto or tcp, got shm",
        error(WITH_MODEL, "train.transport=shm"));
  }

  @Test
  void anEncoderWithoutATypeIsAMissingKeyAndAnOverriddenTypeNamesTheOverride() {
    assertEquals(
        "conf/t.yaml: encode.encoder: missing key 'type'",
        error(VALID.replace("{type: rate, steps: 30", "{steps: 30")));
    assertEquals(
        "--set encode.encoder.type=foo: encode.encoder.type must be one of [latency, poisson, rate,"
            + " regular, time-tile], got 'foo'",
        error(VALID, "encode.encoder.type=foo"));
  }

  @Test
  void allReduceScheduleDefaultsToAutoAndNeedsFixedPointGradientsOtherwise() {
    assertEquals("auto", load(WITH_MODEL).train().allReduce());
    assertEquals(
        "ring",
        load(WITH_MODEL, "train.reduction=fixed-point", "train.allReduce=ring").train().allReduce());
    assertEquals(
        "--set train.allReduce=ring: train.allReduce must be auto unless reduction is fixed-point"
            + " (ordered-float replicas always send every micro-batch gradient to every replica),"
            + " got ring",
        error(WITH_MODEL, "train.allReduce=ring"));
    assertEquals(
        "--set train.allReduce=tree: train.allReduce must be auto, gather or ring, got tree",
        error(WITH_MODEL, "train.reduction=fixed-point", "train.allReduce=tree"));
  }

  @Test
  void trainGridListsPointsWithTheLastKeyFastest() {
    SparkSnnConfig c =
        load(
            WITH_MODEL
                + """
                trainGrid:
                  parameters:
                    train.optimizer.learningRate: [0.001, 0.01]
                    model.layers.0.units: [16, 32, 64]
                """);
    List<java.util.Map<String, Object>> points = c.trainGrid().points();
    assertEquals(6, points.size());
    assertEquals(java.util.Map.of("train.optimizer.learningRate", 0.001, "model.layers.0.units", 16), points.get(0));
    assertEquals(java.util.Map.of("train.optimizer.learningRate", 0.001, "model.layers.0.units", 32), points.get(1));
    assertEquals(java.util.Map.of("train.optimizer.learningRate", 0.01, "model.layers.0.units", 64), points.get(5));
    assertEquals(null, c.withoutTrainGrid().trainGrid());
  }

  @Test
  void emptySweepAxisIsAnErrorButAMissingOneTakesTheDefault() {
    String msg =
        assertThrows(
                ConfigException.class,
                () ->
                    loader.load(
                        WITH_MODEL + "sweep: {dt: [], steps: [10]}\n",
                        "conf/t.yaml",
                        List.of(),
                        SparkSnnConfig.class,
                        SparkSnnConfig.NON_EMPTY_LISTS))
            .getMessage();
    assertEquals(
        "conf/t.yaml: sweep.dt must list at least one value, got []; leave the key out for the"
            + " default",
        msg);
    SparkSnnConfig c =
        loader.load(
            WITH_MODEL + "sweep: {steps: [10]}\n",
            "conf/t.yaml",
            List.of(),
            SparkSnnConfig.class,
            SparkSnnConfig.NON_EMPTY_LISTS);
    assertEquals(List.of(), c.sweep().dt());
  }

  @Test
  void trainGridErrorsNameTheKeyPathOnce() {
    String msg = error(WITH_MODEL + "trainGrid: {parameters: {train.epochs: []}}");
    assertTrue(msg.contains(": trainGrid.parameters.train.epochs must list at least one value"), msg);
    assertTrue(!msg.contains("trainGrid.trainGrid"), msg);
  }

  @Test
  void trainGridRejectsEmptyValuesOutputKeysAndAMissingTrainSection() {
    assertTrue(
        error(WITH_MODEL + "trainGrid: {parameters: {train.epochs: []}}")
            .contains("trainGrid.parameters.train.epochs must list at least one value"),
        error(WITH_MODEL + "trainGrid: {parameters: {train.epochs: []}}"));
    assertTrue(
        error(WITH_MODEL + "trainGrid: {parameters: {output.dir: [a, b]}}")
            .contains("cannot sweep output or trainGrid keys"));
    assertTrue(
        error(VALID + "trainGrid: {parameters: {train.epochs: [1, 2]}}")
            .contains("train must be set when trainGrid is"));
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
  void misspeltRequiredKeyInTheFileIsNamedWithItsLineAndTheKeyItResembles() {
    String msg = error(WITH_MODEL.replace("  epochs: 1", "  epoch: 1"));
    assertEquals(
        "conf/t.yaml: unknown key 'train.epoch' at line 15 (did you mean 'epochs'?)",
        msg.substring(0, msg.indexOf("; known keys: ")));
    assertEquals(
        "conf/t.yaml: unknown key 'encode.encoder.maxRate' at line 4 (did you mean 'maxRateHz'?);"
            + " known keys: maxRateHz, seed, steps",
        error(VALID.replace("rate, steps: 30, maxSpikes: 10", "poisson, steps: 30, maxRate: 200")));
  }

  @Test
  void unknownDatasetListsTheConfigNames() {
    assertEquals(
        "--set data.dataset=cifar10: data.dataset must be one of [mnist, fashion-mnist], got"
            + " 'cifar10'",
        error(VALID, "data.dataset=cifar10"));
    assertEquals(
        "--set data.dataset=FASHION_MNIST: data.dataset must be one of [mnist, fashion-mnist], got"
            + " 'FASHION_MNIST'",
        error(VALID, "data.dataset=FASHION_MNIST"));
    assertEquals(
        DatasetName.FASHION_MNIST, load(VALID, "data.dataset=fashion-mnist").data().dataset());
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
    assertEquals("--set encode.encoder.steps=0: encode.encoder.steps must be > 0, got 0", msg);
  }

  @Test
  void wrongTypeNamesPathAndExpectedType() {
    String msg = error(VALID, "encode.encoder.steps=many");
    assertTrue(
        msg.startsWith("--set encode.encoder.steps=many: encode.encoder.steps must be an integer"),
        msg);
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

  @Test
  void wrongScalarTypeWrittenInTheFileNamesFileKeyAndType() {
    String msg = error(VALID.replace("steps: 30", "steps: many"));
    assertTrue(msg.startsWith("conf/t.yaml: encode.encoder.steps must be an integer"), msg);
    assertTrue(msg.contains("many"), msg);
  }

  @Test
  void negativeTausWrittenInTheFileNameFileLayerAndConstraint() {
    String lowpass =
        WITH_MODEL.replace(
            "- {type: activation, name: a0, neuron: relu}",
            "- {type: activation, name: a0, neuron: relu}\n    - {type: lowpass, name: lp0, tau: -0.005}");
    String msg = error(lowpass);
    assertEquals("conf/t.yaml: model.layers[2].tau must be >= 0, got -0.005", msg);
    String lif = WITH_MODEL.replace("neuron: relu}", "neuron: lif, params: {tauRc: -0.02}}");
    assertEquals("conf/t.yaml: model.layers[1].params.tauRc must be > 0, got -0.02", error(lif));
  }

  @Test
  void layerChecksNameTheConfigPathAndTheSetThatGaveTheValue() {
    assertEquals(
        "--set model.layers.1.regularizer={l2: -0.001, target: 10}:"
            + " model.layers[1].regularizer.l2 must be >= 0, got -0.001",
        error(WITH_MODEL, "model.layers.1.regularizer={l2: -0.001, target: 10}"));
    assertEquals(
        "--set model.layers.1.regularizer={l2: 0.001, range: [20, 10]}:"
            + " model.layers[1].regularizer.range must be [min, max] with min <= max, got [20.0,"
            + " 10.0]",
        error(WITH_MODEL, "model.layers.1.regularizer={l2: 0.001, range: [20, 10]}"));
    assertEquals(
        "--set model.layers=[]: model.layers must not be empty, got []",
        error(WITH_MODEL, "model.layers=[]"));
    assertEquals(
        "--set model.input=[28, 28]: model.input must be [n] or [h, w, c], got [28, 28]",
        error(WITH_MODEL, "model.input=[28, 28]"));
    assertEquals(
        "conf/t.yaml: model.layers[0].units must be > 0, got -1",
        error(WITH_MODEL.replace("units: 32", "units: -1")));
    assertEquals(
        "--set model.layers.1.params={tauRc: -1}: model.layers[1].params.tauRc must be > 0, got"
            + " -1.0",
        error(WITH_MODEL, "model.layers.1.neuron=lif", "model.layers.1.params={tauRc: -1}"));
    assertEquals(
        "--set model.layers.1.params={tau: 1}: model.layers[1].params: relu has no parameter"
            + " 'tau'; accepted: amplitude",
        error(WITH_MODEL, "model.layers.1.params={tau: 1}"));
    assertEquals(
        "--set model.layers.1.neuron=LIF: model.layers[1].neuron must be one of relu,"
            + " spiking-relu, lif-rate, lif, loihi-relu, loihi-lif, got 'LIF'",
        error(WITH_MODEL, "model.layers.1.neuron=LIF"));
  }

  @Test
  void encoderStepsMustEqualModelStepsAndTheErrorNamesWhereEachCameFrom() {
    assertEquals(
        "conf/t.yaml: encode.encoder.steps (30) must equal model.steps (20, from --set"
            + " model.steps=20)",
        error(WITH_MODEL, "model.steps=20"));
    assertEquals(
        "conf/t.yaml: encode.encoder.steps (20, from --set encode.encoder.steps=20) must equal"
            + " model.steps (30)",
        error(WITH_MODEL, "encode.encoder.steps=20"));
    assertEquals(
        "conf/t.yaml: encode.encoder.steps (30) must equal model.steps (20)",
        error(WITH_MODEL.replace("steps: 30\n  layers", "steps: 20\n  layers")));
    // without training, the model does not take the encoder's spikes
    String noTrain = WITH_MODEL.substring(0, WITH_MODEL.indexOf("train:"));
    assertEquals(20, load(noTrain, "model.steps=20").model().steps());
  }

  @Test
  void poissonEncoderDtMustEqualModelDt() {
    String poisson =
        WITH_MODEL.replace(
            "{type: rate, steps: 30, maxSpikes: 10, seed: 3}",
            "{type: poisson, steps: 30, maxRateHz: 200}");
    assertEquals(
        "conf/t.yaml: encode.dt (0.001) must equal model.dt (0.005, from --set model.dt=0.005)",
        error(poisson, "model.dt=0.005"));
    assertEquals(
        "conf/t.yaml: encode.dt (0.001, the default) must equal model.dt (0.01)",
        error(poisson.replace("  dt: 0.001\nmodel:", "model:").replace("dt: 0.001", "dt: 0.01")));
    // the rate encoder's spikes do not depend on dt
    assertEquals(0.005, load(WITH_MODEL, "model.dt=0.005").model().dt());
  }

  @Test
  void blockShapeNamingNoLayerOfTheTrainedModelFailsAtLoad() {
    String yaml = WITH_MODEL + "loihi:\n  blockShapes: {densex: [10]}\n";
    assertEquals(
        "conf/t.yaml: loihi.blockShapes: no layer 'densex' in the model section; its conv2d,"
            + " dense and activation layers: d0, a0, out",
        error(yaml));
    assertEquals(List.of(10), load(yaml, "loihi.blockShapes={d0: [10]}").loihi().blockShapes()
        .get("d0"));
    assertEquals(List.of(10), load(yaml, "loihi.blockShapes={a0: [10]}").loihi().blockShapes()
        .get("a0"));
    // another model directory: its layers are checked when it is mapped to the chip
    assertEquals("runs/other/model",
        load(yaml, "loihi.model=runs/other/model").loihi().model());
  }
}
