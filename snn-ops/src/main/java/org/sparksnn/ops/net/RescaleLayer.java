package org.sparksnn.ops.net;

/** {@code out = factor·in} element-wise at every step; {@code ∂in = factor·∂out}. */
final class RescaleLayer extends Layer {
  private final float factor;

  RescaleLayer(int index, LayerSpec.Rescale spec, int[] shape) {
    super(index, spec.name(), shape, shape);
    this.factor = (float) spec.factor();
  }

  @Override
  Run start(RunContext ctx) {
    return new Run() {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        scale(in, out, steps * ctx.batch() * outSize);
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
