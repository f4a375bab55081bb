package org.sparksnn.pipeline.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.sparksnn.ops.Checks;
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

/**
 * A spiking network of snn-ops as a {@link ReplicaModel}: gradients from {@link
 * Trainer#computeGradient}, steps from {@link Trainer#applyStep}, weights from {@link
 * Network#initParameters}, inputs time-tiled from {@link TrainSamples#features()}. With {@link
 * GradientReduction#ORDERED_FLOAT} the distributed trainers give the weights of {@link Trainer#fit}
 * bit for bit.
 *
 * @param spec the architecture (neuron types resolved by {@link NeuronTypes#create})
 * @param optimizer the optimizer
 * @param training epochs, batch sizes, seed, loss, clipping, schedule
 * @param initSeed seed of the initial weights
 */
public record SnnReplicaModel(
    NetworkSpec spec, Optimizer optimizer, TrainingConfig training, long initSeed)
    implements ReplicaModel {

  public SnnReplicaModel {
    Checks.notNull("SnnReplicaModel.spec", spec);
    Checks.notNull("SnnReplicaModel.optimizer", optimizer);
    Checks.notNull("SnnReplicaModel.training", training);
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

  /** SHA-256 of the Java serialization (output only) of spec, optimizer, config and seed. */
  @Override
  public String configFingerprint() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
      out.writeObject(optimizer);
      out.writeObject(training);
      out.writeLong(initSeed);
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
    Dataset validationSet =
        validation == null
            ? null
            : Dataset.timeTiled(validation.ids(), validation.features(), validation.labels());
    Dataset dataset = Dataset.timeTiled(data.ids(), data.features(), data.labels());
    Map<Long, Integer> labels = new HashMap<>();
    long[] ids = data.ids();
    for (int i = 0; i < ids.length; i++) {
      labels.put(ids[i], data.labels()[i]);
    }
    return new Replica() {
      /** The flat gradient, reused by every call (see {@link Replica#gradient}). */
      private float[] flat;

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
        return trainer.computeGradient(params, microBatch, y, dataset.input(), flat, step);
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
}
