package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;

/**
 * The counts one task contributes to a grid point; merged over the point's tasks. Everything is an
 * integer or a fixed-point {@code long} (spike counts in units of 2<sup>−20</sup>), so merging is
 * exact and order-free: any partitioning of the same batches gives bit-identical totals.
 */
public final class PartialResult implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Fixed-point scale of spike counts: 2^20. */
  static final double FIXED_ONE = 1 << 20;

  private long images;
  private final long[] correctPerStep;
  private long correctLast;
  private long correctMean;
  private long correctLowpass;
  private final long[][] spikes;
  private final List<ExampleTrace> examples = new ArrayList<>();
  private double taskSeconds;

  /**
   * An empty partial.
   *
   * @param steps time steps of the point
   * @param activationSizes neurons of each activation layer, in layer order
   */
  public PartialResult(int steps, int[] activationSizes) {
    Checks.positive("PartialResult.steps", steps);
    this.correctPerStep = new long[steps];
    this.spikes = new long[activationSizes.length][];
    for (int j = 0; j < activationSizes.length; j++) {
      spikes[j] = new long[activationSizes[j]];
    }
  }

  /** Adds {@code other} (of the same point) into this partial and returns this. */
  public PartialResult merge(PartialResult other) {
    Checks.check(
        other.correctPerStep.length == correctPerStep.length
            && other.spikes.length == spikes.length,
        "PartialResult.other",
        "must belong to the same grid point",
        other.correctPerStep.length + " steps");
    images += other.images;
    for (int t = 0; t < correctPerStep.length; t++) {
      correctPerStep[t] += other.correctPerStep[t];
    }
    correctLast += other.correctLast;
    correctMean += other.correctMean;
    correctLowpass += other.correctLowpass;
    for (int j = 0; j < spikes.length; j++) {
      for (int k = 0; k < spikes[j].length; k++) {
        spikes[j][k] = Math.addExact(spikes[j][k], other.spikes[j][k]);
      }
    }
    examples.addAll(other.examples);
    examples.sort(Comparator.comparingLong(ExampleTrace::id));
    taskSeconds += other.taskSeconds;
    return this;
  }

  void addImages(long n) {
    images += n;
  }

  void addCorrect(int step, long n) {
    correctPerStep[step] += n;
  }

  void addFinal(long last, long mean, long lowpass) {
    correctLast += last;
    correctMean += mean;
    correctLowpass += lowpass;
  }

  /** Adds a batch's spike counts (any real value ≥ 0) of activation layer {@code j}. */
  void addSpikes(int j, double[] counts, double factor) {
    long[] acc = spikes[j];
    for (int k = 0; k < acc.length; k++) {
      double v = counts[k] * factor * FIXED_ONE;
      if (!(Math.abs(v) < 0x1p62)) {
        throw new SimulationException(
            "activation layer #"
                + j
                + " neuron "
                + k
                + ": spike count "
                + counts[k] * factor
                + " is not finite or too large to accumulate exactly");
      }
      acc[k] = Math.addExact(acc[k], Math.round(v));
    }
  }

  void addExample(ExampleTrace e) {
    examples.add(e);
  }

  void addSeconds(double s) {
    taskSeconds += s;
  }

  /** Images evaluated. */
  public long images() {
    return images;
  }

  /** Correct classifications of the readout after each step. */
  public long[] correctPerStep() {
    return correctPerStep.clone();
  }

  /** Correct from the output of the last step. */
  public long correctLast() {
    return correctLast;
  }

  /** Correct from the mean output over all steps. */
  public long correctMean() {
    return correctMean;
  }

  /** Correct from the lowpass-filtered output (0 when the point has no global synapse). */
  public long correctLowpass() {
    return correctLowpass;
  }

  /** Spike count of neuron {@code k} of activation layer {@code j}, summed over images. */
  public double spikes(int j, int k) {
    return spikes[j][k] / FIXED_ONE;
  }

  /** Number of activation layers. */
  public int activationLayers() {
    return spikes.length;
  }

  /** Neurons of activation layer {@code j}. */
  public int neurons(int j) {
    return spikes[j].length;
  }

  /** Example traces, by id. */
  public List<ExampleTrace> examples() {
    return List.copyOf(examples);
  }

  /** Evaluation seconds summed over tasks. */
  public double taskSeconds() {
    return taskSeconds;
  }
}
