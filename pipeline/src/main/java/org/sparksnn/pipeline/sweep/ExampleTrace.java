package org.sparksnn.pipeline.sweep;

import java.util.List;

/**
 * The output over time of one example image: the softmax of the network's readout after each
 * recorded step (every step when {@code steps <= 200}, else about 200 evenly spaced steps and the
 * last).
 *
 * @param id sample id
 * @param label true class
 * @param steps the recorded steps (0-based, increasing)
 * @param probabilities {@code probabilities.get(j)[c]}: probability of class c after {@code
 *     steps[j]}
 */
public record ExampleTrace(long id, int label, int[] steps, List<float[]> probabilities)
    implements java.io.Serializable {}
