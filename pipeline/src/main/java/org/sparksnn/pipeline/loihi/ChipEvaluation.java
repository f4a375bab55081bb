package org.sparksnn.pipeline.loihi;

import java.io.Serializable;
import java.util.List;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.encoders.StepSpikes;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.emulator.HostSpikes;
import org.sparksnn.loihi.emulator.LoihiEmulator;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.validate.ChipValidator;
import org.sparksnn.loihi.report.EnergyEstimate;
import org.sparksnn.ops.Checks;

/**
 * Emulates a mapped model on images (no Spark): the off-chip input layer's spikes (or, for a model
 * without one, the encoder's) are the host input, the chip runs {@code steps} steps for a batch of
 * images at once (each image from zero state), and the off-chip readout classifies the last
 * on-chip layer's output. One instance per task; not thread-safe.
 *
 * <p>Call order: construct (maps to cores, validates the chip limits, discretizes), then {@link
 * #evaluate} any number of times.
 */
public final class ChipEvaluation {
  private final ChipModel model;
  private final SpikeEncoder encoder;
  private final int steps;
  private final LoihiEmulator emulator;

  /**
   * @param model the mapped model
   * @param encoder host input encoder (binary; its steps are the emulated steps) for a model
   *     without an off-chip input layer; ignored (may be null) otherwise
   * @param steps emulated steps per image, > 0, for a model with an off-chip input layer (ignored
   *     with an encoder)
   * @param strictness register overflow handling
   * @param simreal run the float ("simreal") build instead of the integer emulator
   */
  public ChipEvaluation(
      ChipModel model, SpikeEncoder encoder, int steps, Strictness strictness, boolean simreal) {
    this.model = model;
    if (model.input() == null) {
      Checks.notNull("loihi.encoder", encoder);
      Checks.check(encoder.binary(), "loihi.input",
          "needs a spike encoder (rate, poisson, regular, latency) or an off-chip to-spikes layer"
              + " in the model", "time-tile");
      this.encoder = encoder;
      this.steps = encoder.steps();
    } else {
      Checks.positive("loihi.steps", steps);
      this.encoder = null;
      this.steps = steps;
    }
    List<LayerMapping> mapping = CoreMapper.map(model.network(), ChipLimits.loihi());
    new ChipValidator(ChipLimits.loihi()).validate(model.network(), mapping);
    var built = ChipBuilder.build(model.network());
    int inputs = model.network().inputSize();
    if (simreal) {
      this.emulator = LoihiEmulator.simreal(built, inputs);
    } else {
      List<DiscretizedLayer> layers = Discretizer.discretize(built, mapping);
      this.emulator = LoihiEmulator.fixed(layers, inputs, strictness);
    }
  }

  /** A model driven by its encoder (the constructor before off-chip input layers existed). */
  public ChipEvaluation(
      ChipModel model, SpikeEncoder encoder, Strictness strictness, boolean simreal) {
    this(model, encoder, encoder.steps(), strictness, simreal);
  }

  /** Emulated steps per image. */
  public int steps() {
    return steps;
  }

  /**
   * Tallies of a set of emulated images; summable across tasks. {@code emulationNanos} is the wall
   * time (ns) spent in {@link #evaluate}, summed: host input, chip emulation and readout.
   */
  public record Tally(
      long images,
      long correct,
      long[] spikesPerLayer,
      double loihiSynOps,
      long neuronUpdates,
      long denseSynOps,
      long overflowWarnings,
      long emulationNanos)
      implements Serializable {
    /** An empty tally (no images). */
    public static Tally empty() {
      return new Tally(0, 0, new long[0], 0, 0, 0, 0, 0);
    }

    /**
     * Emulated image-steps per second of emulation time ({@link #emulationNanos}: host input,
     * chip and readout, summed over tasks): the per-core throughput, without Spark's scheduling.
     */
    public double imageStepsPerEmulationSecond(int steps) {
      return emulationNanos == 0 ? 0 : images * (double) steps / (emulationNanos / 1e9);
    }

    /** The sum of two tallies. */
    public Tally plus(Tally o) {
      long[] s = spikesPerLayer.clone();
      for (int k = 0; k < s.length; k++) {
        s[k] += o.spikesPerLayer[k];
      }
      return new Tally(
          images + o.images,
          correct + o.correct,
          s,
          loihiSynOps + o.loihiSynOps,
          neuronUpdates + o.neuronUpdates,
          denseSynOps + o.denseSynOps,
          overflowWarnings + o.overflowWarnings,
          emulationNanos + o.emulationNanos);
    }

    /** Per-inference energy, averaged over the images. */
    public EnergyEstimate energyPerInference(int steps) {
      return new EnergyEstimate(
          steps, loihiSynOps / images, neuronUpdates / images, denseSynOps / images);
    }
  }

  /**
   * Emulates images {@code ids} with intensities {@code pixels[i]} and labels, all at once as one
   * batch of streams.
   */
  public Tally evaluate(long[] ids, float[][] pixels, int[] labels) {
    long t0 = System.nanoTime();
    int batch = ids.length;
    HostSpikes host;
    if (model.input() != null) {
      host = model.input().spikes(ids, pixels, steps, model.network().dt());
    } else {
      StepSpikes[] trains = new StepSpikes[batch];
      for (int b = 0; b < batch; b++) {
        trains[b] = encoder.stepSpikes(ids[b], pixels[b]);
      }
      host = (step, stream, active) -> trains[stream].spikes(step, active);
    }
    int last = model.network().layers().size() - 1;
    EmulatorRun run = emulator.run(host, batch, steps, last);
    int[] pred = model.predict(run);
    long correct = 0;
    for (int b = 0; b < batch; b++) {
      if (pred[b] == labels[b]) {
        correct++;
      }
    }
    long[] spikes = new long[run.layers().size()];
    for (int k = 0; k < spikes.length; k++) {
      spikes[k] = run.totalSpikes(k);
    }
    EnergyEstimate e = EnergyEstimate.of(model.network(), run);
    return new Tally(
        batch,
        correct,
        spikes,
        e.loihiSynOps() * batch,
        e.neuronUpdates() * batch,
        e.denseSynOps() * batch,
        run.overflowWarnings(),
        System.nanoTime() - t0);
  }
}
