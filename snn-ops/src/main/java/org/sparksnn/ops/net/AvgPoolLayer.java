package org.sparksnn.ops.net;

import java.util.Arrays;

/** Average pooling over non-overlapping {@code size × size} windows of channels-last images. */
final class AvgPoolLayer extends Layer {
  private final int size;
  private final int ih;
  private final int iw;
  private final int c;
  private final int oh;
  private final int ow;

  AvgPoolLayer(int index, LayerSpec.AvgPool spec, int[] inShape, int[] outShape) {
    super(index, spec.name(), inShape, outShape);
    this.size = spec.size();
    this.ih = inShape[0];
    this.iw = inShape[1];
    this.c = inShape[2];
    this.oh = outShape[0];
    this.ow = outShape[1];
  }

  @Override
  Run start(RunContext ctx) {
    float inv = 1f / (size * size);
    return new Run() {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        int images = steps * ctx.batch();
        for (int n = 0; n < images; n++) {
          int inOff = n * inSize;
          int outOff = n * outSize;
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              int o = outOff + (oy * ow + ox) * c;
              for (int ch = 0; ch < c; ch++) {
                float s = 0;
                for (int ky = 0; ky < size; ky++) {
                  for (int kx = 0; kx < size; kx++) {
                    s += in[inOff + ((oy * size + ky) * iw + ox * size + kx) * c + ch];
                  }
                }
                out[o + ch] = s * inv;
              }
            }
          }
        }
      }

      @Override
      public void backward(
          float[] in,
          int inSteps,
          float[] out,
          int steps,
          float[] dOut,
          float[] dIn,
          ParameterSet grads) {
        if (dIn == null) {
          return;
        }
        int images = steps * ctx.batch();
        Arrays.fill(dIn, 0, images * inSize, 0f);
        for (int n = 0; n < images; n++) {
          int inOff = n * inSize;
          int outOff = n * outSize;
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              int o = outOff + (oy * ow + ox) * c;
              for (int ch = 0; ch < c; ch++) {
                float g = dOut[o + ch] * inv;
                for (int ky = 0; ky < size; ky++) {
                  for (int kx = 0; kx < size; kx++) {
                    dIn[inOff + ((oy * size + ky) * iw + ox * size + kx) * c + ch] = g;
                  }
                }
              }
            }
          }
        }
      }
    };
  }
}
