package org.sparksnn.pipeline.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.net.NumericsFingerprint;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.MicroBatchGradient;

/**
 * The training loop of one replica, shared by every trainer: per step, the gradients of this
 * replica's micro-batches, the exchange of payloads, the identical reduction and optimizer step on
 * every replica, weight-hash comparisons and checkpoints.
 */
final class ReplicaLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLoop.class);

  /** Moves each replica's payload to every replica ({@code result[r]} from replica {@code r}). */
  @FunctionalInterface
  interface Exchange {
    byte[][] allGather(byte[] mine, int[] expectedLengths);
  }

  /** Every replica's payload of one step ({@code result[r]} from replica {@code r}). */
  @FunctionalInterface
  interface GradientSource {
    byte[][] payloads(long step, List<long[]> microBatches, ParameterSet params);
  }

  /** What a replica returns: the result, or the deterministic reason training stopped. */
  record Outcome(TrainingResult result, String failure) implements java.io.Serializable {}

  private ReplicaLoop() {}

  /** SHA-256 of the model's fingerprint, the data fingerprint and the reduction. */
  static String configHash(ReplicaModel model, TrainSamples data, GradientReduction reduction) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(model.configFingerprint().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(data.fingerprint().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(reduction.name().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** The checkpoint to start from: the latest in the store, else the model's initial state. */
  static Checkpoint startingPoint(
      ReplicaModel model, SyncTrainConfig cfg, String configHash, Configuration hadoop) {
    if (cfg.checkpointDir() != null) {
      var latest = new CheckpointStore(cfg.checkpointDir(), hadoop).latest(configHash);
      if (latest.isPresent()) {
        return latest.get();
      }
    }
    ParameterSet p = model.initialParameters();
    return new Checkpoint(configHash, 0, p, model.initialOptimizerState(p));
  }

  /**
   * Runs the loop as the only holder of the weights (rank 0 of 1, on the driver or in a single
   * process, as {@link LocalTrainer} and {@link ReferenceTrainer} do): opens the replica on {@code
   * data} and, when the model {@link ReplicaModel#validates()}, on {@code validation}, and takes
   * every step's payloads from {@code gradients} of that replica.
   *
   * @param validation the validation samples, or null for none
   * @param hadoop Hadoop configuration for checkpoints and the fault-injection marker
   * @param timings receives the time of every step
   * @throws SimulationException if training diverges (the last good checkpoint is kept)
   */
  static TrainingResult runAlone(
      ReplicaModel model,
      TrainSamples data,
      TrainSamples validation,
      SyncTrainConfig cfg,
      Configuration hadoop,
      StepTimings timings,
      Function<ReplicaModel.Replica, GradientSource> gradients) {
    String hash = configHash(model, data, cfg.reduction());
    TrainSamples scored = model.validates() ? validation : null;
    ReplicaModel.Replica replica = model.open(data, scored);
    Outcome out =
        run(
            0,
            1,
            (mine, lengths) -> new byte[][] {mine},
            gradients.apply(replica),
            model,
            replica,
            data.ids(),
            scored == null ? 0 : scored.ids().length,
            cfg,
            hash,
            hadoop,
            () -> Thread.currentThread().isInterrupted(),
            timings);
    if (out.failure() != null) {
      throw new SimulationException(out.failure());
    }
    return out.result();
  }

  /**
   * Runs replica {@code rank} of {@code size} from its starting point to the end of the plan.
   * {@code exchange} connects the {@code size} holders of weights (1 for the driver-side loops);
   * {@code gradients} yields every gradient-computing replica's payload of a step.
   *
   * @param validationSamples the size of the validation set {@code replica} was opened with, or 0
   *     for none: after every epoch each replica scores its share ({@link
   *     ReplicaModel.Replica#validationCorrect}) and the counts are exchanged (this time is left out
   *     of the steps' times)
   * @param interrupted polled once per step; true aborts the loop (task killed)
   * @param timings receives the time of every step; {@code gradients} may add its compute part
   */
  static Outcome run(
      int rank,
      int size,
      Exchange exchange,
      GradientSource gradients,
      ReplicaModel model,
      ReplicaModel.Replica replica,
      long[] ids,
      int validationSamples,
      SyncTrainConfig cfg,
      String configHash,
      Configuration hadoop,
      BooleanSupplier interrupted,
      StepTimings timings) {
    CheckpointStore store =
        cfg.checkpointDir() == null ? null : new CheckpointStore(cfg.checkpointDir(), hadoop);
    Checkpoint start = agreeOnStart(rank, size, exchange, model, cfg, configHash, hadoop, store);
    ParameterSet params = start.params().copy();
    OptimizerState state = start.optimizerState().copy();
    StepPlan plan = new StepPlan(ids, model.trainingConfig());
    GradientReduction reduction = cfg.reduction();
    int parameters = params.totalSize();
    GradientReduction.Scratch scratch = new GradientReduction.Scratch();
    long total = plan.totalSteps();
    long first = start.step();
    // what the steps measured, from step 0 when the checkpoint logged the steps before it
    TrainingLog past = start.log();
    long logged = past != null ? 0 : first;
    double[] losses = new double[(int) Math.max(0, total - logged)];
    double[] regularization = new double[losses.length];
    int[] correct = new int[losses.length];
    double[] ends = new double[losses.length];
    double[] validation = new double[model.trainingConfig().epochs()];
    Arrays.fill(validation, Double.NaN);
    double pastSeconds = 0;
    if (past != null) {
      int n = (int) Math.min(first, losses.length);
      System.arraycopy(past.loss(), 0, losses, 0, n);
      System.arraycopy(past.regularization(), 0, regularization, 0, n);
      System.arraycopy(past.correct(), 0, correct, 0, n);
      System.arraycopy(past.endSeconds(), 0, ends, 0, n);
      int epochs = Math.min(validation.length, past.validation().length);
      System.arraycopy(past.validation(), 0, validation, 0, epochs);
      pastSeconds = n == 0 ? 0 : ends[n - 1];
    }
    String failure = compareWeights(exchange, size, params, first);
    ProgressSender progress =
        rank == 0 && cfg.progressAddress() != null ? ProgressSender.to(cfg.progressAddress()) : null;
    EpochReporter reporter =
        progress == null
            ? null
            : new EpochReporter(progress::send, model.trainingConfig(), plan, ids.length, logged);
    long begin = System.nanoTime();
    long step = first;
    try {
      while (failure == null && step < total) {
        if (interrupted.getAsBoolean()) {
          throw new IllegalStateException("replica " + rank + " interrupted at step " + step);
        }
        if (cfg.faultInjection() != null) {
          cfg.faultInjection().maybeFail(rank, step, hadoop);
        }
        long computedBefore = timings.computeNanos();
        long t0 = System.nanoTime();
        byte[][] all = gradients.payloads(step, plan.microBatches(step), params);
        long t1 = System.nanoTime();
        MicroBatchGradient summed;
        try {
          summed = reduction.combine(all, parameters, step, scratch);
          replica.applyStep(params, state, summed);
        } catch (SimulationException e) {
          failure = diverged(e.getMessage(), step, store);
          break;
        }
        timings.addStep(t1 - t0, timings.computeNanos() - computedBefore, System.nanoTime() - t1);
        int i = (int) (step - logged);
        losses[i] = summed.loss() / summed.count();
        regularization[i] = summed.regularizationLoss() / summed.count();
        correct[i] = summed.correct();
        ends[i] = pastSeconds + (System.nanoTime() - begin) * 1e-9;
        step++;
        if (validationSamples > 0 && step % plan.stepsPerEpoch() == 0) {
          long validating = System.nanoTime();
          validation[plan.epochOf(step - 1)] =
              validationAccuracy(exchange, replica, params, rank, size, validationSamples);
          begin += System.nanoTime() - validating; // the steps' times are training only
        }
        if (reporter != null) {
          reporter.afterStep(step, losses, regularization, correct, validation, ends);
        }
        if (cfg.weightCheckEvery() > 0 && step % cfg.weightCheckEvery() == 0 && step < total) {
          failure = compareWeights(exchange, size, params, step);
        }
        boolean checkpoint =
            store != null
                && (step == total || (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0));
        if (failure == null && checkpoint) {
          if (!params.allFinite()) {
            failure = diverged("weights are not finite after step " + (step - 1), step - 1, store);
          } else if (rank == 0) {
            TrainingLog log =
                logged == 0
                    ? TrainingLog.prefix(
                        (int) step, losses, regularization, correct, ends, validation)
                    : null;
            store.write(new Checkpoint(configHash, step, params, state, log));
          }
        }
      }
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
    if (failure == null) {
      failure = compareWeights(exchange, size, params, step);
    }
    double seconds = (System.nanoTime() - begin) * 1e-9;
    LOG.debug(
        "replica {}/{}: steps {}..{} in {} s ({})", rank, size, first, step, seconds, timings);
    TrainingResult result =
        new TrainingResult(
            params,
            state,
            step,
            first,
            logged,
            Arrays.copyOf(losses, (int) (step - logged)),
            Arrays.copyOf(regularization, (int) (step - logged)),
            Arrays.copyOf(correct, (int) (step - logged)),
            validation,
            seconds,
            Arrays.copyOf(ends, (int) (step - logged)),
            timings,
            NumericsFingerprint.ofThisJvm().toString());
    return new Outcome(result, failure);
  }

  /**
   * The validation accuracy of {@code params}: every replica scores its share of the validation
   * batches and the counts are exchanged, so that all replicas get the sum (a single process's
   * count, bit for bit).
   */
  private static double validationAccuracy(
      Exchange exchange,
      ReplicaModel.Replica replica,
      ParameterSet params,
      int rank,
      int size,
      int validationSamples) {
    long mine = replica.validationCorrect(params, rank, size);
    int[] lengths = new int[size];
    Arrays.fill(lengths, Long.BYTES);
    byte[][] all = exchange.allGather(ByteBuffer.allocate(Long.BYTES).putLong(mine).array(), lengths);
    long correct = 0;
    for (byte[] b : all) {
      correct += ByteBuffer.wrap(b).getLong();
    }
    return (double) correct / validationSamples;
  }

  /**
   * The payload of replica {@code rank} of {@code size} at training step {@code step}: the
   * gradients of micro-batches {@code rank, rank + size, …} encoded by {@code reduction}; its time
   * is added to {@code timings}.
   *
   * @param buffers the replica's payload arrays, used in turn (null: a new array per payload)
   */
  static byte[] ownPayload(
      ReplicaModel.Replica replica,
      GradientReduction reduction,
      int rank,
      int size,
      List<long[]> micro,
      long step,
      ParameterSet params,
      StepTimings timings,
      PayloadBuffers buffers) {
    long t0 = System.nanoTime();
    int owned = StepPlan.ownedCount(micro.size(), rank, size);
    byte[] into =
        buffers == null
            ? null
            : buffers.next(reduction.payloadBytes(owned, params.totalSize()));
    // each gradient goes into the payload before the next is computed: the replica may reuse its
    // array (ReplicaModel.Replica#gradient)
    GradientReduction.PayloadWriter writer = reduction.writer(owned, params.totalSize(), rank, into);
    for (int m = rank; m < micro.size(); m += size) {
      writer.add(replica.gradient(params, micro.get(m), step));
    }
    byte[] payload = writer.bytes();
    timings.addCompute(System.nanoTime() - t0);
    return payload;
  }

  /**
   * Two payload arrays of one replica, handed out in turn, so that a replica does not make a new
   * payload (hundreds of KB) every step. The payload of step {@code s} is overwritten at step
   * {@code s + 2}. By then every replica has read it: the exchange of step {@code s + 1} completes
   * only when every replica has arrived, that is after each has combined step {@code s}'s payloads
   * (the in-process mesh hands payloads over by reference; TCP copies them anyway). Not
   * thread-safe: one per replica.
   */
  static final class PayloadBuffers {
    private final byte[][] arrays = new byte[2][];
    private int turn;

    /** The next array in turn, of {@code length} bytes (contents unspecified). */
    byte[] next(int length) {
      int t = turn;
      turn ^= 1;
      if (arrays[t] == null || arrays[t].length != length) {
        arrays[t] = new byte[length];
      }
      return arrays[t];
    }
  }

  /** The exact payload length of every replica of {@code size} for {@code microBatches}. */
  static int[] payloadLengths(
      GradientReduction reduction, int microBatches, int size, int parameters) {
    int[] lengths = new int[size];
    for (int r = 0; r < size; r++) {
      lengths[r] = reduction.payloadBytes(StepPlan.ownedCount(microBatches, r, size), parameters);
    }
    return lengths;
  }

  /**
   * Every replica reads the latest checkpoint; if they saw different ones (a checkpoint landed
   * between reads), all load the oldest step any of them saw.
   */
  private static Checkpoint agreeOnStart(
      int rank,
      int size,
      Exchange exchange,
      ReplicaModel model,
      SyncTrainConfig cfg,
      String configHash,
      Configuration hadoop,
      CheckpointStore store) {
    Checkpoint start = startingPoint(model, cfg, configHash, hadoop);
    byte[] mine = ByteBuffer.allocate(Long.BYTES).putLong(start.step()).array();
    int[] lengths = new int[size];
    Arrays.fill(lengths, Long.BYTES);
    long min = Long.MAX_VALUE;
    for (byte[] b : exchange.allGather(mine, lengths)) {
      min = Math.min(min, ByteBuffer.wrap(b).getLong());
    }
    if (min == start.step()) {
      return start;
    }
    if (min == 0) {
      ParameterSet p = model.initialParameters();
      return new Checkpoint(configHash, 0, p, model.initialOptimizerState(p));
    }
    long agreed = min;
    return store.atStep(agreed, configHash)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "replica " + rank + ": checkpoint of step " + agreed + " disappeared"));
  }

  /** Null if every replica holds the same weights, else the error. */
  private static String compareWeights(
      Exchange exchange, int size, ParameterSet params, long step) {
    byte[] mine = HexFormat.of().parseHex(params.contentHash().substring(0, 16));
    int[] lengths = new int[size];
    Arrays.fill(lengths, mine.length);
    byte[][] all = exchange.allGather(mine, lengths);
    for (byte[] other : all) {
      if (!Arrays.equals(other, mine)) {
        StringBuilder sb = new StringBuilder();
        for (byte[] h : all) {
          sb.append(sb.length() == 0 ? "" : ", ").append(HexFormat.of().formatHex(h));
        }
        return "weights of the replicas differ after step "
            + step
            + " (hashes by replica: "
            + sb
            + "): replicas are not computing identically (check OMP_NUM_THREADS pinning)";
      }
    }
    return null;
  }

  private static String diverged(String cause, long step, CheckpointStore store) {
    String kept =
        store == null
            ? "no checkpoint directory"
            : store.steps().isEmpty()
                ? "no checkpoint written yet"
                : "last good checkpoint: step " + store.steps().get(store.steps().size() - 1);
    return "training diverged at step " + step + ": " + cause + " (" + kept + ")";
  }
}
