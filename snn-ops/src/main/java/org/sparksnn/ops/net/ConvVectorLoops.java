package org.sparksnn.ops.net;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector versions of {@link ConvKernels}' loops over output channels, eight lanes at a time: the
 * same float products and sums in the same order as the scalar loops (no fused multiply-add), so
 * the same bits. Only called when {@link Simd#ENABLED} (loading this class needs the module
 * {@code jdk.incubator.vector}); one float species, the one {@link VectorLoops} uses (its class
 * comment says why a second one costs). Each method does the leading whole groups of eight
 * channels and returns how many channels it did; the caller's scalar loop does the rest.
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

  /**
   * {@link ConvKernels#gather}'s sums for the leading whole groups of eight of the output channels;
   * returns how many channels it did. Four outputs of a row at a time where their patches lie
   * inside the input (four sums per weight vector loaded), one at a time elsewhere.
   */
  static int gather(
      ConvKernels.Geometry g, float[] in, int inOff, float[] w, float[] out, int outOff) {
    int cout = g.cout();
    int cin = g.cin();
    int k = g.k();
    int s = g.stride();
    int iw = g.iw();
    int end = cout - cout % LANES;
    // the outputs whose patches lie inside the input in x: ox in [oxIn, oxOut)
    int oxIn = Math.min(g.ow(), (g.padLeft() + s - 1) / s);
    int lastInside = iw - k + g.padLeft();
    int oxOut = lastInside < 0 ? oxIn : Math.max(oxIn, Math.min(g.ow(), lastInside / s + 1));
    int pixelStep = s * cin;
    for (int oy = 0; oy < g.oh(); oy++) {
      int ty = oy * s - g.padTop();
      boolean rowInside = ty >= 0 && ty + k <= g.ih();
      for (int c0 = 0; c0 < end; c0 += LANES) {
        int ox = 0;
        if (rowInside) {
          for (; ox < oxIn; ox++) {
            one(g, in, inOff, w, out, outOff, oy, ox, c0);
          }
          for (; ox + 3 < oxOut; ox += 4) {
            int b0 = inOff + (ty * iw + ox * s - g.padLeft()) * cin;
            int b1 = b0 + pixelStep;
            int b2 = b1 + pixelStep;
            int b3 = b2 + pixelStep;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int wi = c0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int tap = (ky * iw + kx) * cin;
                for (int ci = 0; ci < cin; ci++, wi += cout) {
                  FloatVector wv = FloatVector.fromArray(FLOATS, w, wi);
                  int t = tap + ci;
                  a0 = a0.add(wv.mul(in[b0 + t]));
                  a1 = a1.add(wv.mul(in[b1 + t]));
                  a2 = a2.add(wv.mul(in[b2 + t]));
                  a3 = a3.add(wv.mul(in[b3 + t]));
                }
              }
            }
            int o = outOff + (oy * g.ow() + ox) * cout + c0;
            a0.intoArray(out, o);
            a1.intoArray(out, o + cout);
            a2.intoArray(out, o + 2 * cout);
            a3.intoArray(out, o + 3 * cout);
          }
        }
        for (; ox < g.ow(); ox++) {
          one(g, in, inOff, w, out, outOff, oy, ox, c0);
        }
      }
    }
    return end;
  }

  /** One output's eight channels from {@code c0}, over the taps of its patch inside the input. */
  private static void one(
      ConvKernels.Geometry g,
      float[] in,
      int inOff,
      float[] w,
      float[] out,
      int outOff,
      int oy,
      int ox,
      int c0) {
    int cout = g.cout();
    int cin = g.cin();
    int k = g.k();
    int ty = oy * g.stride() - g.padTop();
    int tx = ox * g.stride() - g.padLeft();
    int kyLo = Math.max(0, -ty);
    int kyHi = Math.min(k, g.ih() - ty);
    int kxLo = Math.max(0, -tx);
    int kxHi = Math.min(k, g.iw() - tx);
    FloatVector a = FloatVector.zero(FLOATS);
    for (int ky = kyLo; ky < kyHi; ky++) {
      for (int kx = kxLo; kx < kxHi; kx++) {
        int i = inOff + ((ty + ky) * g.iw() + tx + kx) * cin;
        int wi = (ky * k + kx) * cin * cout + c0;
        for (int ci = 0; ci < cin; ci++, wi += cout) {
          a = a.add(FloatVector.fromArray(FLOATS, w, wi).mul(in[i + ci]));
        }
      }
    }
    a.intoArray(out, outOff + (oy * g.ow() + ox) * cout + c0);
  }
}
