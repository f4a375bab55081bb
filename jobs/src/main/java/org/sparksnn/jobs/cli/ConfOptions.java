package org.sparksnn.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.jobs.CommandLauncher;
import org.sparksnn.jobs.SparkSessionFactory;
import org.sparksnn.jobs.HadoopSettings;
import org.sparksnn.jobs.JobArgs;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.ConfigCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options every config-driven command takes: the config as {@code CONFIG} or {@code --conf
 * FILE} (exactly one of the two), {@code --set}, {@code --master}.
 */
public final class ConfOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CONFIG",
      description = "YAML config (any Hadoop path), e.g. conf/x.yaml; or --conf FILE")
  String positionalConf;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "YAML config, the same as CONFIG (give one of the two)")
  String conf;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override a config key, e.g. --set encode.encoder.steps=50 (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master; default local[*] (e.g. spark://127.0.0.1:7077)")
  String master;

  /**
   * The config file, given as {@code CONFIG} or {@code --conf FILE}.
   *
   * @throws ParameterException (a usage error) if neither or both are given
   */
  String confFile() {
    if (conf != null && positionalConf != null) {
      throw new ParameterException(
          command.commandLine(),
          "Give the config once, as CONFIG or as --conf FILE, not both (got '"
              + positionalConf
              + "' and --conf '"
              + conf
              + "')");
    }
    if (conf == null && positionalConf == null) {
      throw new ParameterException(
          command.commandLine(),
          "Missing the config: give it as CONFIG or as --conf FILE, e.g. spark-snn "
              + command.name()
              + " conf/quickstart.yaml");
    }
    return conf != null ? conf : positionalConf;
  }

  /** Loads and validates the config with the overrides applied. */
  public SparkSnnConfig load() {
    return new JobArgs(confFile(), List.copyOf(overrides))
        .load(HadoopSettings.fromSystemProperties());
  }

  /**
   * Checks the config arguments and {@code --master}, loads the config, runs {@code command} with
   * its own Spark session ({@link CommandLauncher}) and prints {@code "<label>: <output>"}.
   */
  int runStage(String label, ConfigCommand command) {
    confFile();
    SparkSessionFactory.checkMaster(master);
    SparkSnnConfig config = load();
    System.out.println(label + ": " + CommandLauncher.launch(command, config, master));
    return 0;
  }

  /** The master given with {@code --master}, or null. */
  public String master() {
    return master;
  }
}
