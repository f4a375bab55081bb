package org.sparksnn.ops.net;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector version of {@link ConvKernels#scatter}'s loop over output channels, eight lanes at a
 * time: the same float products and sums as the scalar loop (no fused multiply-add), so the same
 * bits. Only called when {@link Simd#ENABLED} (loading this class needs the module
 * {@code jdk.incubator.vector}); one float species, the one {@link VectorLoops} uses (its class
 * comment says why a second one costs). It does the leading whole groups of eight channels and
 * returns how many it did; the caller's scalar loop does the rest.
 */
final class ConvVectorLoops {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final int LANES = 8;

  private ConvVectorLoops() {}

  /**
   * {@code out[outOff + c] += w[wOff + c]·v} for the leading whole groups of eight of the {@code
   * n} channels; returns how many it did.
   */
  static int addScaled(float[] out, int outOff, float v, float[] w, int wOff, int n) {
    int end = n - n % LANES;
    for (int c = 0; c < end; c += LANES) {
      FloatVector.fromArray(FLOATS, out, outOff + c)
          .add(FloatVector.fromArray(FLOATS, w, wOff + c).mul(v))
          .intoArray(out, outOff + c);
    }
    return end;
  }
}
