package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Time-tile: the intensity {@code p} is the input current at every step.
 *
 * @param steps time steps, ≥ 1
 */
public record TimeTileEncoder(int steps) implements SpikeEncoder {
  public TimeTileEncoder {
    Checks.positive("time-tile.steps", steps);
  }

  @Override
  public boolean binary() {
    return false;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    return p;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    System.arraycopy(p, 0, out, offset, p.length);
  }

  /** Not a spike encoding: the summed input current over all steps, {@code p·steps}. */
  @Override
  public double expectedSpikes(float p) {
    return (double) p * steps;
  }

  @Override
  public SpikeEncoder forEpoch(int epoch) {
    return this;
  }
}
