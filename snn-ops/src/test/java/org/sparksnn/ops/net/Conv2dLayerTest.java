package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training's forward pass in image chunks gives the bits of one whole-batch GEMM; evaluation's
 * direct kernels give the same values up to rounding.
 */
class Conv2dLayerTest {
  private static final int IMAGES = 7;

  @ParameterizedTest(name = "{0} padding, stride {1}")
  @CsvSource({"VALID, 1", "SAME, 2"})
  void chunkedForwardEqualsWholeBatchBitForBit(LayerSpec.Padding padding, int stride) {
    int h = 12;
    int w = 11;
    int cin = 4;
    int k = 3;
    LayerSpec.Conv2d spec = new LayerSpec.Conv2d("c", 5, k, stride, padding, true);
    int oh = padding == LayerSpec.Padding.SAME ? (h + stride - 1) / stride : (h - k) / stride + 1;
    int ow = padding == LayerSpec.Padding.SAME ? (w + stride - 1) / stride : (w - k) / stride + 1;
    int[] in = {h, w, cin};
    int[] out = {oh, ow, 5};
    int bytesPerImage = oh * ow * k * k * cin * Float.BYTES;
    // 2 images per chunk: chunks of 2, 2, 2 and 1
    Conv2dLayer chunked = new Conv2dLayer(0, spec, in, out, 2 * bytesPerImage + 1);
    Conv2dLayer whole = new Conv2dLayer(0, spec, in, out, Integer.MAX_VALUE);
    Random rnd = new Random(11);
    float[] kernel = new float[k * k * cin * 5];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) rnd.nextGaussian();
    }
    float[] bias = {0.1f, -0.2f, 0.3f, 0f, 1e-3f};
    ParameterSet p =
        ParameterSet.builder()
            .add("c/kernel", new int[] {k, k, cin, 5}, kernel)
            .add("c/bias", new int[] {5}, bias)
            .build();
    float[] x = new float[IMAGES * h * w * cin];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }

    float[] a = forward(chunked, p, x, oh * ow * 5);
    float[] b = forward(whole, p, x, oh * ow * 5);

    assertArrayEquals(b, a);
    assertNotEquals(0f, a[a.length - 1], "the last chunk is written");
  }

  @Test
  void repeatedBackwardWithPaddingGivesTheSameGradients() {
    // the backward pass reuses its columns buffer for the column gradients; the next im2col must
    // clear the padded positions again
    LayerSpec.Conv2d spec = new LayerSpec.Conv2d("c", 3, 3, 2, LayerSpec.Padding.SAME, true);
    int[] in = {6, 5, 2};
    int[] out = {3, 3, 3};
    Conv2dLayer layer = new Conv2dLayer(0, spec, in, out);
    Random rnd = new Random(5);
    float[] kernel = new float[3 * 3 * 2 * 3];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) rnd.nextGaussian();
    }
    ParameterSet p =
        ParameterSet.builder()
            .add("c/kernel", new int[] {3, 3, 2, 3}, kernel)
            .add("c/bias", new int[] {3}, new float[3])
            .build();
    float[] x = new float[IMAGES * 6 * 5 * 2];
    float[] dOut = new float[IMAGES * 27];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) rnd.nextGaussian();
    }
    Layer.RunContext ctx =
        new Layer.RunContext(p, new long[IMAGES], IMAGES, true, 0.001, new Workspace());
    float[][] kernelGrads = new float[2][];
    for (int round = 0; round < 2; round++) {
      ParameterSet grads = p.zerosLike();
      float[] y = new float[IMAGES * 27];
      Layer.Run run = layer.start(ctx);
      run.forward(x, 1, y, 1);
      run.backward(x, 1, y, 1, dOut, new float[x.length], grads);
      kernelGrads[round] = grads.get("c/kernel").clone();
    }

    assertArrayEquals(kernelGrads[0], kernelGrads[1]);
  }

  @ParameterizedTest(name = "{0} padding, stride {1}, {2} filters")
  @CsvSource({"VALID, 1, 5", "SAME, 2, 16", "SAME, 1, 12", "VALID, 2, 8"})
  void evaluationMatchesTheTrainingForwardPassUpToRounding(
      LayerSpec.Padding padding, int stride, int filters) {
    int h = 9;
    int w = 10;
    int cin = 3;
    int k = 3;
    LayerSpec.Conv2d spec = new LayerSpec.Conv2d("c", filters, k, stride, padding, true);
    int oh = padding == LayerSpec.Padding.SAME ? (h + stride - 1) / stride : (h - k) / stride + 1;
    int ow = padding == LayerSpec.Padding.SAME ? (w + stride - 1) / stride : (w - k) / stride + 1;
    Conv2dLayer layer = new Conv2dLayer(0, spec, new int[] {h, w, cin}, new int[] {oh, ow, filters});
    Random rnd = new Random(17);
    ParameterSet p = parameters(rnd, k, cin, filters);
    // half the images spikes (a few per cent non-zero, the scatter), half dense (the patch sums)
    float[] x = new float[IMAGES * h * w * cin];
    for (int i = 0; i < x.length; i++) {
      boolean sparse = i / (h * w * cin) % 2 == 0;
      x[i] = sparse ? (rnd.nextInt(20) == 0 ? 1000f * (1 + rnd.nextInt(3)) : 0f) : rnd.nextFloat();
    }
    int outSize = oh * ow * filters;

    float[] evaluated = forward(layer, p, x, outSize, false);
    float[] trained = forward(layer, p, x, outSize, true);

    for (int i = 0; i < trained.length; i++) {
      assertEquals(trained[i], evaluated[i], 1e-5 * (1 + Math.abs(trained[i])), "output " + i);
    }
  }

  @Test
  void anImagesEvaluatedOutputsDoNotDependOnItsBatch() {
    // spikes (scattered) and dense images (the GEMM) in one batch, then each image alone
    int h = 9;
    int w = 10;
    int cin = 8;
    LayerSpec.Conv2d spec = new LayerSpec.Conv2d("c", 16, 3, 2, LayerSpec.Padding.SAME, true);
    Conv2dLayer layer = new Conv2dLayer(0, spec, new int[] {h, w, cin}, new int[] {5, 5, 16});
    Random rnd = new Random(23);
    ParameterSet p = parameters(rnd, 3, cin, 16);
    int inSize = h * w * cin;
    float[] x = new float[IMAGES * inSize];
    for (int i = 0; i < x.length; i++) {
      boolean sparse = i / inSize % 3 != 1;
      x[i] = sparse ? (rnd.nextInt(25) == 0 ? 1000f : 0f) : rnd.nextFloat();
    }
    float[] together = forward(layer, p, x, 5 * 5 * 16, false);
    for (int n = 0; n < IMAGES; n++) {
      float[] one = new float[inSize];
      System.arraycopy(x, n * inSize, one, 0, inSize);
      long[] ids = {n};
      Layer.RunContext ctx = new Layer.RunContext(p, ids, 1, false, 0.001, new Workspace());
      float[] out = new float[5 * 5 * 16];
      layer.start(ctx).forward(one, 1, out, 1);
      assertArrayEquals(
          java.util.Arrays.copyOfRange(together, n * out.length, (n + 1) * out.length),
          out,
          "image " + n);
    }
  }

  @Test
  void evaluationWithNonFiniteWeightsComputesAsTrainingDoes() {
    // the direct kernels' equal bits need finite weights (0·∞): with an infinite one, the GEMM
    LayerSpec.Conv2d spec = new LayerSpec.Conv2d("c", 4, 3, 1, LayerSpec.Padding.VALID, true);
    Conv2dLayer layer = new Conv2dLayer(0, spec, new int[] {5, 5, 2}, new int[] {3, 3, 4});
    ParameterSet p = parameters(new Random(3), 3, 2, 4);
    p.get("c/kernel")[7] = Float.POSITIVE_INFINITY;
    float[] x = new float[IMAGES * 50];
    for (int i = 0; i < x.length; i += 3) {
      x[i] = i % 7;
    }

    assertArrayEquals(forward(layer, p, x, 36, true), forward(layer, p, x, 36, false));
  }

  private static ParameterSet parameters(Random rnd, int k, int cin, int filters) {
    float[] kernel = new float[k * k * cin * filters];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) rnd.nextGaussian();
    }
    float[] bias = new float[filters];
    for (int i = 0; i < filters; i++) {
      bias[i] = 0.1f * i - 0.3f;
    }
    return ParameterSet.builder()
        .add("c/kernel", new int[] {k, k, cin, filters}, kernel)
        .add("c/bias", new int[] {filters}, bias)
        .build();
  }

  private static float[] forward(Conv2dLayer layer, ParameterSet p, float[] x, int outSize) {
    return forward(layer, p, x, outSize, true);
  }

  private static float[] forward(
      Conv2dLayer layer, ParameterSet p, float[] x, int outSize, boolean training) {
    long[] ids = new long[IMAGES];
    Layer.RunContext ctx =
        new Layer.RunContext(p, ids, IMAGES, training, 0.001, new Workspace());
    float[] out = new float[IMAGES * outSize];
    layer.start(ctx).forward(x, 1, out, 1);
    return out;
  }
}
