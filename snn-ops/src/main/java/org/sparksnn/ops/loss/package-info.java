/**
 * Losses on the network's readout (softmax cross-entropy from logits, mean squared error) and
 * firing-rate regularizers on activation layers. Every function here returns the loss summed over
 * the rows of a batch and writes the matching gradient, so micro-batch results can be summed in a
 * fixed order and divided by the global batch size once.
 */
package org.sparksnn.ops.loss;
