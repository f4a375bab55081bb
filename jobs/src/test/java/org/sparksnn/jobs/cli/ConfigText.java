package org.sparksnn.jobs.cli;

import java.nio.file.Path;

/** The YAML text of a small CLI test config: local MNIST-format data, no fetching. */
final class ConfigText {
  private ConfigText() {}

  /**
   * @param name the config's {@code name}
   * @param data directory of the IDX files
   * @param sections further top-level sections, each line ending in a newline
   * @param output the run's output directory
   */
  static String of(String name, Path data, String sections, Path output) {
    return "name: "
        + name
        + "\ndata: {dataset: mnist, dir: "
        + data
        + ", fetch: false}\n"
        + sections
        + "output: {dir: "
        + output
        + "}\n";
  }
}
