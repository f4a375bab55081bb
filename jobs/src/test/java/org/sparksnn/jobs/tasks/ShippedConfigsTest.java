package org.sparksnn.jobs.tasks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparksnn.jobs.JobArgs;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.yaml.TypedYaml;

/**
 * Every config shipped in {@code conf/} loads and validates the way {@code bin/spark-snn run}
 * would before doing any work: the file parses with no unknown keys, its model compiles (neuron
 * types and parameters resolved), an encode section matches the model's steps, every training-grid
 * point is a valid config with a compilable model, and the sweep grid's values are in range.
 */
class ShippedConfigsTest {

  static Stream<Path> shippedConfigs() throws IOException {
    Path conf = Path.of("").toAbsolutePath().getParent().resolve("conf");
    List<Path> files;
    try (Stream<Path> s = Files.list(conf)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 15, "only " + files.size() + " configs in " + conf);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("shippedConfigs")
  void shippedConfigLoadsAndValidatesEveryStageItNames(Path file) {
    SparkSnnConfig config =
        assertDoesNotThrow(
            () -> new JobArgs(file.toString(), List.of()).load(new Configuration()), file.toString());
    assertFalse(config.name() == null || config.name().isBlank(), file + ": no name");
    if (config.model() != null) {
      NetworkSpec spec = config.model().toSpec();
      Network.compile(spec, NeuronTypes::create);
      if (config.encode() != null && config.train() != null) {
        TrainTask.encoder(config, spec);
      }
    }
    if (config.trainGrid() != null) {
      for (TrainGridTask.Point p : TrainGridTask.points(config, new TypedYaml().toYaml(config))) {
        Network.compile(p.config().model().toSpec(), NeuronTypes::create);
      }
    }
    if (config.sweep() != null) {
      assertFalse(
          config.sweep().toGrid(TrainGridTask.defaultModels(config)).expand().isEmpty(),
          file + ": empty sweep grid");
    }
  }
}
