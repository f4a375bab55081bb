package org.sparksnn.ops.net;

import org.sparksnn.ops.Checks;

/**
 * An evaluation run of a linear layer (dense or convolution) that filters the layer's output with
 * a lowpass of decay {@code a} per step, in place of a lowpass of initial level 0 with the same
 * decay on the layer's input ({@link EvaluationPlan}). The layer computes {@code u[t] = x[t]·W +
 * b}; the filter starts at the bias ({@code y[−1] = b}, 0 without bias), so {@code y[t] =
 * a·y[t−1] + (1 − a)·u[t]} equals {@code a·(y[t−1] − b) + (1 − a)·x[t]·W + b}: the filtered input
 * times {@code W} plus {@code b}, up to rounding. The product reads the spikes themselves (sparse:
 * the event-driven kernels) and the filter runs over the layer's outputs instead of its inputs.
 * The state is float, as in {@link LowpassLayer}.
 *
 * <p>With a {@code source} (a network evaluated together with another in {@link
 * SharedPrefixRunner}, whose same layer with the same weights reads the same input at every
 * step), the run filters the source's product of the step (computed by the source before this
 * run's call) instead of computing it again; only the decay differs.
 */
final class FilteredLinearRun extends Layer.EvaluationRun {
  private final String layer;
  private final FilteredLinearRun source;
  private final Layer.Run product;
  private final int n;
  private final float[] y;
  private final double a;
  private final double keep;
  private final boolean vectorLoops;
  private final Workspace ws;
  private final String productKey;
  /** The unfiltered output of the last call (this run's own product, or its source's). */
  private float[] lastProduct;

  /**
   * A run of layer {@code layer} (index {@code index}, {@code outSize} outputs per row) that
   * filters {@code product}'s output (with the bias), or {@code source}'s product when {@code
   * product} is null. {@code initialRow} is the filter's initial level of one row ({@code outSize}
   * values: the bias of each output).
   */
  FilteredLinearRun(
      Layer.RunContext ctx,
      String layer,
      int index,
      int outSize,
      float[] initialRow,
      double a,
      Layer.Run product,
      FilteredLinearRun source) {
    super(layer);
    Checks.check(!ctx.training(), "FilteredLinearRun", "evaluation only", layer);
    Checks.check(
        (product == null) != (source == null),
        "FilteredLinearRun(" + layer + ")",
        "exactly one of product and source",
        product == null ? "neither" : "both");
    Checks.check(
        initialRow.length == outSize,
        "FilteredLinearRun(" + layer + ").initialRow",
        "one value per output",
        initialRow.length);
    this.layer = layer;
    this.source = source;
    this.product = product;
    this.n = ctx.batch() * outSize;
    this.y = ctx.ws().floats("filter." + index, n);
    for (int r = 0; r < ctx.batch(); r++) {
      System.arraycopy(initialRow, 0, y, r * outSize, outSize);
    }
    this.a = a;
    this.keep = 1 - a;
    this.vectorLoops = Simd.forRun(ctx);
    this.ws = ctx.ws();
    this.productKey = "filter.product." + index;
  }

  @Override
  public void forward(float[] in, int inSteps, float[] out, int steps) {
    float[] u;
    if (source != null) {
      u = source.lastProduct;
      if (u == null || u.length < steps * n) { // the message is built only on failure
        Checks.check(
            false,
            "FilteredLinearRun(" + layer + ")",
            "its source must run the step first",
            u == null ? "nothing" : u.length + " values");
      }
    } else {
      u = lastProduct == null || lastProduct.length < steps * n
          ? ws.floats(productKey, steps * n)
          : lastProduct;
      product.forward(in, inSteps, u, steps);
    }
    lastProduct = u;
    for (int t = 0; t < steps; t++) {
      LowpassLayer.stepUniform(y, u, t * n, out, t * n, n, a, keep, vectorLoops);
    }
  }
}
