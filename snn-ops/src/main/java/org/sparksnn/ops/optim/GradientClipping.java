package org.sparksnn.ops.optim;

import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.ParameterSet;

/** Gradient clipping by global norm (TensorFlow {@code clip_by_global_norm}). */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales {@code grad} in place by {@code maxNorm / norm} if its global Euclidean norm exceeds
   * {@code maxNorm} ({@code > 0}); returns the norm before clipping. A non-finite norm is left
   * unscaled and returned so the caller can fail with a message.
   */
  public static double clipByGlobalNorm(ParameterSet grad, double maxNorm) {
    Checks.positive("GradientClipping.maxNorm", maxNorm);
    double norm = grad.globalNorm();
    if (Double.isFinite(norm) && norm > maxNorm) {
      grad.scaleInPlace(maxNorm / norm);
    }
    return norm;
  }
}
