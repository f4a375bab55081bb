package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Time-tile: the intensity is the input current at every step. Not a spike encoding: values pass
 * through unchanged (any float, not only [0, 1]), and {@link #encode} stores them once ({@link
 * TiledIntensities}), never {@code steps} copies.
 *
 * @param steps time steps, &ge; 1
 */
public record TimeTileEncoder(int steps) implements SpikeEncoder {
  private static final long serialVersionUID = 1L;

  public TimeTileEncoder {
    Checks.positive("time-tile.steps", steps);
  }

  @Override
  public boolean binary() {
    return false;
  }

  @Override
  public float value(long recordId, int step, int input, float p) {
    EncoderChecks.step("time-tile", step, steps);
    return p;
  }

  @Override
  public void fillStep(long recordId, float[] p, int step, float[] out, int offset) {
    EncoderChecks.step("time-tile", step, steps);
    EncoderChecks.row("time-tile", p.length, out, offset);
    System.arraycopy(p, 0, out, offset, p.length);
  }

  @Override
  public TiledIntensities encode(long recordId, float[] p) {
    return new TiledIntensities(steps, p);
  }

  /** Not a spike encoding: the summed input current over all steps, {@code p·steps}. */
  @Override
  public double expectedSpikes(float p) {
    return (double) p * steps;
  }

  @Override
  public TimeTileEncoder forEpoch(int epoch) {
    return this;
  }

  @Override
  public TimeTileEncoder withSteps(int steps) {
    return steps == this.steps ? this : new TimeTileEncoder(steps);
  }
}
