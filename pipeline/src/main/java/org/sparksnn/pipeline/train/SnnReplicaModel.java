package org.sparksnn.pipeline.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.InputSource;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.Optimizer;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.Dataset;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.EncoderInput;

/**
 * A spiking network of snn-ops as a {@link ReplicaModel}: gradients from {@link
 * Trainer#computeGradient}, steps from {@link Trainer#applyStep}, weights from {@link
 * Network#initParameters}. The input of a sample is its {@link TrainSamples#features()} (intensities
 * in [0, 1]) time-tiled, or, with a spike {@code encoder}, that encoder's spikes, redrawn every
 * epoch ({@link SpikeEncoder#forEpoch}, keyed by {@code (seed, epoch, id, step, input)}): the epoch
 * of a step is {@code step / ceil(samples / batchSize)}, as in {@link Trainer#trainEpoch}. With
 * {@link GradientReduction#ORDERED_FLOAT} the distributed trainers give the weights of the
 * single-process trainer bit for bit, for either input.
 *
 * @param spec the architecture (neuron types resolved by {@link NeuronTypes#create})
 * @param optimizer the optimizer
 * @param training epochs, batch sizes, seed, loss, clipping, schedule
 * @param initSeed seed of the initial weights
 * @param encoder the spike encoder of the features, or null for time-tiled input
 */
public record SnnReplicaModel(
    NetworkSpec spec,
    Optimizer optimizer,
    TrainingConfig training,
    long initSeed,
    SpikeEncoder encoder)
    implements ReplicaModel {

  public SnnReplicaModel {
    Checks.notNull("SnnReplicaModel.spec", spec);
    Checks.notNull("SnnReplicaModel.optimizer", optimizer);
    Checks.notNull("SnnReplicaModel.training", training);
  }

  /** A model whose input is time-tiled (no spike encoder). */
  public SnnReplicaModel(
      NetworkSpec spec, Optimizer optimizer, TrainingConfig training, long initSeed) {
    this(spec, optimizer, training, initSeed, null);
  }

  @Override
  public TrainingConfig trainingConfig() {
    return training;
  }

  @Override
  public ParameterSet initialParameters() {
    return Network.compile(spec, NeuronTypes::create).initParameters(initSeed);
  }

  @Override
  public OptimizerState initialOptimizerState(ParameterSet params) {
    return optimizer.init(params);
  }

  /**
   * SHA-256 of the Java serialization (output only) of spec, optimizer, config, seed and encoder.
   */
  @Override
  public String configFingerprint() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
      out.writeObject(optimizer);
      out.writeObject(training);
      out.writeLong(initSeed);
      if (encoder != null) { // time-tiled models keep the fingerprint they always had
        out.writeObject(encoder);
      }
      out.flush();
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint the model configuration: " + e, e);
    }
  }

  /** Validation batches: the single-process trainers' validation batch size. */
  public static final int VALIDATION_BATCH = 256;

  @Override
  public boolean validates() {
    return true;
  }

  @Override
  public Replica open(TrainSamples data) {
    return open(data, null);
  }

  /**
   * {@inheritDoc} Validation runs spiking, in batches of {@link #VALIDATION_BATCH}, as {@link
   * Trainer#accuracy} does.
   */
  @Override
  public Replica open(TrainSamples data, TrainSamples validation) {
    Trainer trainer = new Trainer(Network.compile(spec, NeuronTypes::create), optimizer, training);
    Dataset validationSet = validation == null ? null : scored(validation);
    Dataset tiled =
        encoder == null ? Dataset.timeTiled(data.ids(), data.features(), data.labels()) : null;
    Map<Long, float[]> rows = encoder == null ? null : byId(data);
    long stepsPerEpoch = (data.size() + training.batchSize() - 1) / training.batchSize();
    Map<Long, Integer> labels = new HashMap<>();
    long[] ids = data.ids();
    for (int i = 0; i < ids.length; i++) {
      labels.put(ids[i], data.labels()[i]);
    }
    return new Replica() {
      /** The flat gradient, reused by every call (see {@link Replica#gradient}). */
      private float[] flat;

      /** The encoded input of {@link #inputEpoch} (encoder models only). */
      private InputSource epochInput;

      private long inputEpoch = -1;

      /** The input of the epoch of {@code step}: time-tiled, or that epoch's spikes. */
      private InputSource input(long step) {
        if (encoder == null) {
          return tiled.input();
        }
        long epoch = step / stepsPerEpoch;
        if (epoch != inputEpoch) {
          epochInput = new EncoderInput(encoder.forEpoch((int) epoch), rows, data.width());
          inputEpoch = epoch;
        }
        return epochInput;
      }

      @Override
      public MicroBatchGradient gradient(ParameterSet params, long[] microBatch, long step) {
        int[] y = new int[microBatch.length];
        for (int i = 0; i < y.length; i++) {
          Integer l = labels.get(microBatch[i]);
          Checks.check(l != null, "SnnReplicaModel.sampleId", "must be in the data", microBatch[i]);
          y[i] = l;
        }
        if (flat == null || flat.length != params.totalSize()) {
          flat = new float[params.totalSize()];
        }
        return trainer.computeGradient(params, microBatch, y, input(step), flat, step);
      }

      @Override
      public void applyStep(ParameterSet params, OptimizerState state, MicroBatchGradient summed) {
        trainer.applyStep(params, state, summed);
      }

      @Override
      public long validationCorrect(ParameterSet params, int rank, int size) {
        Checks.check(
            validationSet != null, "SnnReplicaModel.validation", "replica opened without it", null);
        return trainer.correct(params, validationSet, VALIDATION_BATCH, rank, size);
      }
    };
  }

  /** Validation samples as scored: time-tiled, or the encoder's spikes (its epoch-0 draw). */
  private Dataset scored(TrainSamples samples) {
    return encoder == null
        ? Dataset.timeTiled(samples.ids(), samples.features(), samples.labels())
        : new Dataset(
            samples.ids(),
            samples.labels(),
            new EncoderInput(encoder, byId(samples), samples.width()));
  }

  private static Map<Long, float[]> byId(TrainSamples samples) {
    Map<Long, float[]> rows = new HashMap<>(samples.size() * 2);
    for (int i = 0; i < samples.size(); i++) {
      rows.put(samples.ids()[i], samples.features()[i]);
    }
    return rows;
  }
}
