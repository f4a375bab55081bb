package org.sparksnn.ops.train;

/**
 * Statistics of one training epoch.
 *
 * @param epoch 0-based epoch
 * @param meanLoss data loss per sample
 * @param meanRegularizationLoss rate-regularization loss per sample
 * @param trainAccuracy fraction of training samples classified correctly during the epoch (with the
 *     weights of the moment, training-mode forward pass)
 * @param samplesPerSecond training throughput of the epoch
 * @param optimizerSteps optimizer steps taken so far (all epochs)
 * @param seconds wall time of the epoch
 */
public record EpochStats(
    int epoch,
    double meanLoss,
    double meanRegularizationLoss,
    double trainAccuracy,
    double samplesPerSecond,
    long optimizerSteps,
    double seconds) {}
