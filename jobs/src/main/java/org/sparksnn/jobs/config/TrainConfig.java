package org.sparksnn.jobs.config;

import org.sparksnn.ops.Checks;

/**
 * The training stage. The input encoding is the config's {@code encode.encoder} (redrawn every
 * epoch for stochastic encoders) or, without an encode section, time-tile over {@code
 * model.steps}.
 *
 * @param epochs passes over the training set, ≥ 1
 * @param batchSize global mini-batch size, ≥ 1; default 32
 * @param microBatchSize fixed micro-batch size the global batch is split into (the unit of work
 *     and of exact gradient summation), in [1, batchSize]; default batchSize
 * @param optimizer the optimizer (required)
 * @param schedule learning-rate schedule; default constant
 * @param clipNorm clip the gradient's global norm to this, 0 = off; default 0
 * @param loss {@code cross-entropy} (softmax, default) or {@code mse}
 * @param seed seed of initialization and batch order; default 0
 * @param mode {@code single} (one process on the driver, the 1-partition reference; default),
 *     {@code barrier} (one Spark barrier stage for the whole run, gradients all-reduced between
 *     the tasks every step, see {@code transport}) or {@code reference} (one Spark job per step: broadcast +
 *     treeAggregate). Every mode takes the encode section's encoder (the replicas redraw a
 *     stochastic encoder's spikes every epoch, as the single process does) and gives the same bits
 * @param partitions Spark tasks (replicas) of the distributed modes; default 2
 * @param reduction gradient sum of the distributed modes: {@code ordered-float} (micro-batch
 *     gradients summed in micro-batch order: bit-identical to {@code single}; default) or {@code
 *     fixed-point} (exact 64-bit fixed-point sums, less traffic; identical across partition counts
 *     but not to {@code single})
 * @param transport how {@code barrier} replicas exchange gradients: {@code auto} (in memory when
 *     every replica runs in one executor JVM, e.g. {@code local[n]}; TCP between JVMs; default) or
 *     {@code tcp} (always TCP). The weights do not depend on it
 * @param allReduce how TCP replicas move {@code fixed-point} gradients: {@code auto} (the ring from
 *     3 replicas on more than one host, else gathered; default), {@code gather} (every replica
 *     sends its whole vector to every other) or {@code ring} (reduce-scatter + all-gather: about
 *     two vectors per replica whatever their number); must stay {@code auto} with {@code
 *     ordered-float}. The weights do not depend on it
 * @param checkpointEvery distributed modes: checkpoint every this many steps into {@code
 *     <output.dir>/checkpoints} (a re-run resumes from the newest), ≥ 0 (0 = only after the last
 *     step); default 100
 * @param validate evaluate (spiking) on the test split after every epoch; default true
 * @param initialModel a model directory whose weights start the training instead of the seeded
 *     initialization (fine-tuning); its parameters must have the names and shapes of {@code
 *     model}'s. The seed still orders the batches. Default none
 */
public record TrainConfig(
    int epochs,
    Integer batchSize,
    Integer microBatchSize,
    OptimizerConfig optimizer,
    ScheduleConfig schedule,
    Double clipNorm,
    String loss,
    Long seed,
    String mode,
    Integer partitions,
    String reduction,
    String transport,
    String allReduce,
    Integer checkpointEvery,
    Boolean validate,
    String initialModel) {
  public TrainConfig {
    Checks.positive("epochs", epochs);
    batchSize = batchSize == null ? 32 : batchSize;
    Checks.positive("batchSize", batchSize);
    microBatchSize = microBatchSize == null ? batchSize : microBatchSize;
    Checks.inRange("microBatchSize", microBatchSize, 1, batchSize);
    Checks.notNull("optimizer", optimizer);
    schedule = schedule == null ? new ScheduleConfig.Constant() : schedule;
    clipNorm = clipNorm == null ? 0.0 : clipNorm;
    Checks.nonNegative("clipNorm", clipNorm);
    loss = loss == null ? "cross-entropy" : loss;
    Checks.oneOf("loss", loss, "cross-entropy", "mse");
    seed = seed == null ? 0L : seed;
    mode = mode == null ? "single" : mode;
    Checks.oneOf("mode", mode, "single", "barrier", "reference");
    partitions = partitions == null ? 2 : partitions;
    Checks.positive("partitions", partitions);
    reduction = reduction == null ? "ordered-float" : reduction;
    Checks.oneOf("reduction", reduction, "ordered-float", "fixed-point");
    transport = transport == null ? "auto" : transport;
    Checks.oneOf("transport", transport, "auto", "tcp");
    allReduce = allReduce == null ? "auto" : allReduce;
    Checks.oneOf("allReduce", allReduce, "auto", "gather", "ring");
    Checks.check(
        allReduce.equals("auto") || reduction.equals("fixed-point"),
        "allReduce",
        "must be auto unless reduction is fixed-point (ordered-float replicas always send every"
            + " micro-batch gradient to every replica)",
        allReduce);
    checkpointEvery = checkpointEvery == null ? 100 : checkpointEvery;
    Checks.nonNegative("checkpointEvery", checkpointEvery);
    validate = validate == null || validate;
    Checks.check(
        initialModel == null || !initialModel.isBlank(),
        "initialModel",
        "must name a model directory",
        "''");
  }
}
