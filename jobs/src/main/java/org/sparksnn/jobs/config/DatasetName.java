package org.sparksnn.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The datasets {@code fetch-data} knows how to get. */
public enum DatasetName {
  /** MNIST handwritten digits, 60,000 train + 10,000 test, 28×28×1, 10 classes. */
  @JsonProperty("mnist")
  MNIST("mnist"),
  /**
   * Fashion-MNIST, 60,000 train + 10,000 test (spark-snn's deterministic split, see README),
   * 28×28×1, 10 classes.
   */
  @JsonProperty("fashion-mnist")
  FASHION_MNIST("fashion-mnist");

  private final String cliName;

  DatasetName(String cliName) {
    this.cliName = cliName;
  }

  /** The name used in configs and on the command line. */
  public String cliName() {
    return cliName;
  }

  /** Parses a CLI name ({@code mnist}, {@code fashion-mnist}). */
  public static DatasetName parse(String name) {
    for (DatasetName d : values()) {
      if (d.cliName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "dataset must be one of mnist, fashion-mnist, got '" + name + "'");
  }
}
