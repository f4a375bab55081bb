package org.sparksnn.pipeline.stage;

import java.util.Arrays;

/** The spike encodings of numerics.md, with the names used in configs and tables. */
public enum Encoding {
  TIME_TILE("time-tile"),
  RATE("rate"),
  POISSON("poisson"),
  REGULAR("regular"),
  LATENCY("latency");

  private final String configName;

  Encoding(String configName) {
    this.configName = configName;
  }

  /** The name in configs and in the {@code encoding} column, e.g. {@code time-tile}. */
  public String configName() {
    return configName;
  }

  /** True if the encoding emits binary spikes (all but time-tile). */
  public boolean binary() {
    return this != TIME_TILE;
  }

  /** Parses a config name; fails with the list of known names. */
  public static Encoding parse(String name) {
    for (Encoding e : values()) {
      if (e.configName.equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "encoding must be one of " + Arrays.toString(names()) + ", got '" + name + "'");
  }

  /** All config names. */
  public static String[] names() {
    return Arrays.stream(values()).map(Encoding::configName).toArray(String[]::new);
  }
}
