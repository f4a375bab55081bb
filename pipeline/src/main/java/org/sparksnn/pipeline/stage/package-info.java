/**
 * Spark ML stages ({@code Transformer}s and {@code Estimator}s): typed Params, schema checks in
 * {@code transformSchema}, and a {@code transform} that builds the domain object from the Params
 * and delegates to it.
 */
package org.sparksnn.pipeline.stage;
