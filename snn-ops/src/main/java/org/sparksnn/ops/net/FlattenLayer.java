package org.sparksnn.ops.net;

/** Reshape {@code [h, w, c]} to {@code [h·w·c]}: the data is copied unchanged. */
final class FlattenLayer extends Layer {

  FlattenLayer(int index, LayerSpec.Flatten spec, int[] inShape, int[] outShape) {
    super(index, spec.name(), inShape, outShape);
  }

  @Override
  Run start(RunContext ctx) {
    return new Run() {
      @Override
      public void forward(float[] in, int inSteps, float[] out, int steps) {
        System.arraycopy(in, 0, out, 0, steps * ctx.batch() * outSize);
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
          System.arraycopy(dOut, 0, dIn, 0, steps * ctx.batch() * inSize);
        }
      }
    };
  }
}
