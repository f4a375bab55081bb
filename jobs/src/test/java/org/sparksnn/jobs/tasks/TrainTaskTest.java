package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.OptimizerConfig;
import org.sparksnn.jobs.config.TrainConfig;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.model.ArchitectureConfig;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;

class TrainTaskTest {
  @TempDir Path tmp;

  private static NetworkSpec spec(int hidden) {
    return new NetworkSpec(
        new int[] {12},
        List.of(
            new LayerSpec.Dense("d0", hidden, true),
            LayerSpec.Activation.of("a0", "relu"),
            new LayerSpec.Dense("out", 3, true)),
        0.001,
        1);
  }

  private static TrainConfig train(long seed, String initialModel) {
    return new TrainConfig(
        1, 10, null, new OptimizerConfig.SgdConfig(0.1, null, null), null, null, null, seed, null,
        null, null, null, null, null, null, initialModel);
  }

  /** Writes the seeded initialization of {@code spec} with {@code seed} as a model directory. */
  private String model(String name, NetworkSpec spec, long seed) {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
    ModelDirectory.write(
        dir,
        new ModelFile(1, ArchitectureConfig.of(spec), null, null),
        Network.compile(spec, NeuronTypes::create).initParameters(seed),
        new Configuration(),
        false);
    return dir.toString();
  }

  @Test
  void withoutAnInitialModelTrainingStartsFromTheSeededInitialization() {
    Network net = Network.compile(spec(8), NeuronTypes::create);
    ParameterSet p = TrainTask.initialParameters(net, train(4, null), new Configuration());
    assertEquals(net.initParameters(4).contentHash(), p.contentHash());
  }

  @Test
  void anInitialModelsWeightsReplaceTheSeededInitialization() {
    String dir = model("seed9", spec(8), 9);
    Network net = Network.compile(spec(8), NeuronTypes::create);
    ParameterSet p = TrainTask.initialParameters(net, train(4, dir), new Configuration());
    assertEquals(net.initParameters(9).contentHash(), p.contentHash());
    assertNotEquals(net.initParameters(4).contentHash(), p.contentHash());
  }

  @Test
  void anInitialModelOfAnotherShapeIsRejectedNamingTheKeyPathAndParameters() {
    String dir = model("wide", spec(16), 1);
    Network net = Network.compile(spec(8), NeuronTypes::create);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> TrainTask.initialParameters(net, train(0, dir), new Configuration()));
    assertTrue(e.getMessage().startsWith("train.initialModel: "), e.getMessage());
    assertTrue(e.getMessage().contains("wide"), e.getMessage());
    assertTrue(e.getMessage().contains("[12, 16]"), e.getMessage());
    assertTrue(e.getMessage().contains("[12, 8]"), e.getMessage());
  }

  @Test
  void aMissingInitialModelIsAnErrorNamingThePath() {
    Network net = Network.compile(spec(8), NeuronTypes::create);
    String missing = tmp.resolve("nowhere").toString();
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> TrainTask.initialParameters(net, train(0, missing), new Configuration()));
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
  }
}
