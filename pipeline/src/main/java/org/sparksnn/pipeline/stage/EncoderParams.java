package org.sparksnn.pipeline.stage;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The spike-encoder Params that {@link EncodeStage} and {@link TrainStage} both declare, each with
 * its one name, doc and validator; the owner sets the defaults (Spark's {@code setDefault} is the
 * owner's own).
 */
final class EncoderParams {
  private EncoderParams() {}

  /** {@code maxRateHz}: poisson rate at intensity 1, Hz, {@code > 0}. */
  static DoubleParam maxRateHz(Params owner) {
    return new DoubleParam(
        owner, "maxRateHz", "poisson: rate in Hz at intensity 1 (> 0)", ParamValidators.gt(0));
  }

  /** {@code maxSpikes}: rate / regular spikes over all steps at intensity 1, {@code > 0}. */
  static DoubleParam maxSpikes(Params owner) {
    return new DoubleParam(
        owner,
        "maxSpikes",
        "rate/regular: spikes over all steps at intensity 1 (> 0, <= steps)",
        ParamValidators.gt(0));
  }

  /** {@code threshold}: latency encoding is silent at or below this intensity, in [0, 1]. */
  static DoubleParam threshold(Params owner) {
    return new DoubleParam(
        owner,
        "threshold",
        "latency: no spike for intensity <= threshold, in [0, 1]",
        ParamValidators.inRange(0, 1));
  }
}
