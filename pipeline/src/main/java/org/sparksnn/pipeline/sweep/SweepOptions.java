package org.sparksnn.pipeline.sweep;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.neuron.NeuronTypes;

/**
 * How a sweep runs (none of these change a point's key except {@code batch}, which can change the
 * last bits of a GEMM and is therefore part of it, and {@code input}).
 *
 * @param batch images evaluated at once per task, {@code > 0} (default 64)
 * @param partitions data partitions per grid point (tasks per point), {@code >= 0}; 0 = Spark's
 *     default parallelism (default 0); capped at the number of batches
 * @param concurrentPoints grid points (groups of points, with {@code shareLayers}) whose Spark jobs
 *     run at the same time, {@code > 0} (default 2), so the tasks of the next point fill slots the
 *     current one leaves idle
 * @param examples images (the first of the data) whose output over time is recorded, {@code >= 0}
 *     (default 3)
 * @param devices energy-estimate devices, names unique (default {@link EnergyDevice#defaults()})
 * @param resolver neuron types by name (default {@code NeuronTypes::create})
 * @param shareLayers evaluate the points of one model that have leading layers in common in one
 *     job that runs those layers once ({@link PointGroups}; default true). The results are the
 *     same bits either way; only the points' split of the job seconds and the speed differ
 * @param input the spike encoder that feeds the networks, as in training (each point gets {@link
 *     SpikeEncoder#withSteps} of its steps), or null for the time-tiled intensities {@code
 *     pixel/255} at every step (default)
 */
public record SweepOptions(
    int batch,
    int partitions,
    int concurrentPoints,
    int examples,
    List<EnergyDevice> devices,
    SerializableNeuronResolver resolver,
    boolean shareLayers,
    SpikeEncoder input)
    implements java.io.Serializable {

  public SweepOptions {
    Checks.positive("SweepOptions.batch", batch);
    Checks.nonNegative("SweepOptions.partitions", partitions);
    Checks.positive("SweepOptions.concurrentPoints", concurrentPoints);
    Checks.nonNegative("SweepOptions.examples", examples);
    devices = devices == null ? EnergyDevice.defaults() : List.copyOf(devices);
    Set<String> names = new HashSet<>();
    for (EnergyDevice d : devices) {
      Checks.check(names.add(d.name()), "SweepOptions.devices", "names must be unique", d.name());
    }
    resolver = resolver == null ? NeuronTypes::create : resolver;
    input = input == null || !input.binary() ? null : input;
  }

  /** Options with the time-tiled intensities as input. */
  public SweepOptions(
      int batch,
      int partitions,
      int concurrentPoints,
      int examples,
      List<EnergyDevice> devices,
      SerializableNeuronResolver resolver,
      boolean shareLayers) {
    this(batch, partitions, concurrentPoints, examples, devices, resolver, shareLayers, null);
  }

  /** Options that share layers between points ({@code shareLayers} true). */
  public SweepOptions(
      int batch,
      int partitions,
      int concurrentPoints,
      int examples,
      List<EnergyDevice> devices,
      SerializableNeuronResolver resolver) {
    this(batch, partitions, concurrentPoints, examples, devices, resolver, true, null);
  }

  /**
   * The defaults: batch 64, Spark's parallelism, 2 concurrent points, 3 examples, layers shared.
   */
  public static SweepOptions defaults() {
    return new SweepOptions(64, 0, 2, 3, null, null);
  }

  /** These options with layers shared between points or not. */
  public SweepOptions withShareLayers(boolean share) {
    return new SweepOptions(
        batch, partitions, concurrentPoints, examples, devices, resolver, share, input);
  }

  /** These options with another batch size. */
  public SweepOptions withBatch(int b) {
    return new SweepOptions(
        b, partitions, concurrentPoints, examples, devices, resolver, shareLayers, input);
  }

  /** These options with another number of partitions per point. */
  public SweepOptions withPartitions(int p) {
    return new SweepOptions(
        batch, p, concurrentPoints, examples, devices, resolver, shareLayers, input);
  }

  /** These options with another neuron resolver. */
  public SweepOptions withResolver(SerializableNeuronResolver r) {
    return new SweepOptions(
        batch, partitions, concurrentPoints, examples, devices, r, shareLayers, input);
  }

  /** These options with the networks fed by {@code encoder} (null: time-tiled intensities). */
  public SweepOptions withInput(SpikeEncoder encoder) {
    return new SweepOptions(
        batch, partitions, concurrentPoints, examples, devices, resolver, shareLayers, encoder);
  }

  /** The input as a person reads it: the encoder, or {@code time-tiled intensities}. */
  public String inputLabel() {
    return input == null ? "time-tiled intensities" : input.toString();
  }
}
