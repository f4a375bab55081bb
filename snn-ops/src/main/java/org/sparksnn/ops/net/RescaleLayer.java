package org.sparksnn.ops.net;

/** {@code out = factor·in + offset} element-wise at every step; {@code ∂in = factor·∂out}. */
final class RescaleLayer extends Layer {
  private final float factor;
  private final float offset;

  RescaleLayer(int index, LayerSpec.Rescale spec, int[] shape) {
    super(index, spec.name(), shape, shape);
    this.factor = (float) spec.factor();
    this.offset = (float) spec.offset();
  }

  @Override
  Run start(RunContext ctx) {
    return new Run() {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        int n = steps * ctx.batch() * outSize;
        for (int k = 0; k < n; k++) {
          out[k] = factor * in[k] + offset;
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
        if (dIn != null) {
          scale(dOut, dIn, steps * ctx.batch() * inSize);
        }
      }
    };
  }

  private void scale(float[] src, float[] dst, int n) {
    for (int k = 0; k < n; k++) {
      dst[k] = factor * src[k];
    }
  }
}
