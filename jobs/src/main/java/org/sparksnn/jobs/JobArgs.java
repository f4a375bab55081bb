package org.sparksnn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.pipeline.yaml.TypedYaml;
import org.sparksnn.jobs.config.SparkSnnConfig;
import org.sparksnn.jobs.tasks.TrainGridTask;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.pipeline.io.HadoopPaths;

/**
 * Arguments of a {@code spark-submit} main class: {@code CONFIG.yaml [--set key=value]...}; the
 * config may be on any Hadoop path.
 *
 * @param configPath the YAML file
 * @param overrides {@code key.path=value} overrides, in order
 */
public record JobArgs(String configPath, List<String> overrides) {

  /** Parses {@code args}; fails with a usage message naming {@code mainClass}. */
  public static JobArgs parse(String mainClass, String[] args) {
    String config = null;
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--set") && i + 1 < args.length) {
        overrides.add(args[++i]);
      } else if (args[i].startsWith("--set=")) {
        overrides.add(args[i].substring("--set=".length()));
      } else if (config == null && !args[i].startsWith("--")) {
        config = args[i];
      } else {
        throw new ConfigException(usage(mainClass) + "; unexpected argument '" + args[i] + "'");
      }
    }
    if (config == null) {
      throw new ConfigException(usage(mainClass));
    }
    return new JobArgs(config, List.copyOf(overrides));
  }

  private static String usage(String mainClass) {
    return "usage: spark-submit --class "
        + mainClass
        + " spark-snn-jobs.jar CONFIG.yaml [--set key=value]...";
  }

  /** Reads and validates the config, with every point of its training grid. */
  public SparkSnnConfig load(Configuration hadoop) {
    SparkSnnConfig config;
    try (InputStream in = HadoopPaths.openFile(new Path(configPath), hadoop)) {
      config =
          new TypedYaml()
              .load(
                  in, configPath, overrides, SparkSnnConfig.class, SparkSnnConfig.NON_EMPTY_LISTS);
    } catch (IOException e) {
      throw new ConfigException(configPath + ": cannot read: " + e.getMessage(), e);
    }
    if (config.trainGrid() != null) {
      TrainGridTask.checkPoints(config, configPath);
    }
    return config;
  }
}
