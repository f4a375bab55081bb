package org.sparksnn.pipeline.sweep;

/** A swept parameter, as it appears in the results (for grouping and plots). */
public enum SweepAxis {
  /** The model directory. */
  MODEL("model", false),
  /** The time step, s. */
  DT("dt", true),
  /** Steps per image. */
  STEPS("steps", true),
  /** The neuron type. */
  NEURON("neuron", false),
  /** The synapse setting. */
  SYNAPSE("synapse", false),
  /** The scale_firing_rates setting. */
  SCALE("scale_firing_rates", false);

  private final String column;
  private final boolean numeric;

  SweepAxis(String column, boolean numeric) {
    this.column = column;
    this.numeric = numeric;
  }

  /** The column name in the results table. */
  public String column() {
    return column;
  }

  /** The value of this axis in {@code r}, as text. */
  public String label(PointResult r) {
    return switch (this) {
      case MODEL -> r.model();
      case DT -> Double.toString(r.dt());
      case STEPS -> Integer.toString(r.steps());
      case NEURON -> r.neuron();
      case SYNAPSE -> r.synapse();
      case SCALE -> r.scale();
    };
  }

  /**
   * The value of this axis in {@code r} as a number, or NaN if it is not numeric (synapse and scale
   * are numeric when they are one global value).
   */
  public double numeric(PointResult r) {
    return switch (this) {
      case DT -> r.dt();
      case STEPS -> r.steps();
      case SYNAPSE -> parse(r.synapse());
      case SCALE -> parse(r.scale());
      default -> Double.NaN;
    };
  }

  /** True if the axis values are always numbers. */
  boolean alwaysNumeric() {
    return numeric;
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
