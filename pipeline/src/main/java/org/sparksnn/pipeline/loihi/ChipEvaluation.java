package org.sparksnn.pipeline.loihi;

import java.io.Serializable;
import java.util.List;
import org.sparksnn.encoders.SpikeEncoder;
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
import org.sparksnn.ops.loss.Loss;

/**
 * Emulates a mapped model on images (no Spark): the encoder's spikes are the host input, the
 * chip runs {@code steps} steps for a batch of images at once, the off-chip readout classifies
 * the last on-chip layer's mean rate. One instance per task; not thread-safe.
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
   * @param encoder host input encoder (binary); its steps are the emulated steps
   * @param strictness register overflow handling
   * @param simreal run the float ("simreal") build instead of the integer emulator
   */
  public ChipEvaluation(ChipModel model, SpikeEncoder encoder, Strictness strictness, boolean simreal) {
    Checks.check(encoder.binary(), "loihi.input", "needs a spike encoder (rate, poisson, regular, latency)", "time-tile");
    this.model = model;
    this.encoder = encoder;
    this.steps = encoder.steps();
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

  /** Tallies of a set of emulated images; summable across tasks. */
  public record Tally(
      long images,
      long correct,
      long[] spikesPerLayer,
      double loihiSynOps,
      long neuronUpdates,
      long denseSynOps,
      long overflowWarnings)
      implements Serializable {
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
          overflowWarnings + o.overflowWarnings);
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
    int batch = ids.length;
    HostSpikes host =
        (step, stream, active) -> {
          int k = 0;
          float[] p = pixels[stream];
          for (int i = 0; i < p.length; i++) {
            if (encoder.value(ids[stream], step, i, p[i]) != 0f) {
              active[k++] = i;
            }
          }
          return k;
        };
    EmulatorRun run = emulator.run(host, batch, steps, false);
    int last = run.layers().size() - 1;
    int n = run.layerSize(last);
    long correct = 0;
    int[] counts = new int[n];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < n; j++) {
        counts[j] = run.spikeCount(last, b, j);
      }
      float[] scores = model.readout(counts, steps);
      if (Loss.argmax(scores, 0, scores.length) == labels[b]) {
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
        run.overflowWarnings());
  }
}
