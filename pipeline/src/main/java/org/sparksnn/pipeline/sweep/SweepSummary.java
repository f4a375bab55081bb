package org.sparksnn.pipeline.sweep;

import java.util.List;

/**
 * What a sweep run did.
 *
 * @param totalPoints points of the grid
 * @param computedPoints points evaluated by this run
 * @param skippedPoints points whose stored result was reused
 * @param imagesEvaluated images evaluated by this run's tasks (a Spark accumulator)
 * @param results every point's result, in grid order
 * @param resultsDir the committed results directory ({@code <output>/results})
 */
public record SweepSummary(
    int totalPoints,
    int computedPoints,
    int skippedPoints,
    long imagesEvaluated,
    List<PointResult> results,
    String resultsDir) {}
