package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.ops.ConfigException;

/** The arguments of the spark-submit main classes: CONFIG.yaml and --set overrides, in order. */
class JobArgsTest {
  private static final String MAIN = "org.sparksnn.jobs.TrainJob";

  @TempDir Path tmp;

  private Path config() throws Exception {
    return Files.writeString(
        tmp.resolve("t.yaml"),
        """
        name: t
        data: {dataset: mnist, dir: /tmp/mnist, fetch: false}
        model:
          input: [784]
          dt: 0.1
          steps: 4
          layers:
            - {type: dense, name: out, units: 10}
        train:
          epochs: 1
          optimizer: {type: adam, learningRate: 0.001}
        """);
  }

  @Test
  void overridesKeepTheOrderGivenInBothForms() {
    JobArgs a =
        JobArgs.parse(
            MAIN, new String[] {"--set", "a=1", "conf/x.yaml", "--set=b=2", "--set", "a=3"});
    assertEquals("conf/x.yaml", a.configPath());
    assertEquals(List.of("a=1", "b=2", "a=3"), a.overrides());
  }

  @Test
  void aSecondConfigOrAnUnknownOptionIsAUsageErrorNamingIt() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> JobArgs.parse(MAIN, new String[] {"a.yaml", "b.yaml"}));
    assertEquals(
        "usage: spark-submit --class org.sparksnn.jobs.TrainJob spark-snn-jobs.jar CONFIG.yaml"
            + " [--set key=value]...; unexpected argument 'b.yaml'",
        e.getMessage());
    e =
        assertThrows(
            ConfigException.class, () -> JobArgs.parse(MAIN, new String[] {"a.yaml", "--master"}));
    assertTrue(e.getMessage().endsWith("; unexpected argument '--master'"), e.getMessage());
  }

  @Test
  void laterOverridesOfAKeyWinAndEachIsAppliedToTheFile() throws Exception {
    String file = config().toString();
    SparkSnnConfig c =
        new JobArgs(file, List.of("train.epochs=0", "train.epochs=3", "model.steps=5"))
            .load(new Configuration());
    assertEquals(3, c.train().epochs());
    assertEquals(5, c.model().steps());
    SparkSnnConfig parsed =
        JobArgs.parse(MAIN, new String[] {file, "--set=train.epochs=4", "--set", "train.epochs=2"})
            .load(new Configuration());
    assertEquals(2, parsed.train().epochs());
  }

  @Test
  void aBadOverrideIsNamedAsTheSetThatGaveIt() throws Exception {
    String file = config().toString();
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                JobArgs.parse(MAIN, new String[] {file, "--set", "train.epochs=-2"})
                    .load(new Configuration()));
    assertEquals("--set train.epochs=-2: train.epochs must be > 0, got -2", e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                JobArgs.parse(MAIN, new String[] {file, "--set=train.epoch=2"})
                    .load(new Configuration()));
    assertTrue(e.getMessage().contains("unknown key 'train.epoch'"), e.getMessage());
  }
}
