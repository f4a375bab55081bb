package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;

/**
 * Benchmark (not a test) of the sweep's evaluation kernels without Spark: one thread runs {@link
 * PointEvaluator} for every point of a synapse × scale grid (spiking-relu, 30 steps unless given)
 * over the MNIST test images and prints, per point, image-steps per second and a digest of its
 * results (accuracy per step, spike counts, final accuracies), so that a kernel change can be
 * checked bit for bit.
 * Rounds repeat the grid (the first one includes the JIT's warm-up; with {@code
 * -Dsparksnn.bench.kernelWarmUp=true} the vector loops are warmed first, as {@code
 * KernelWarmUpPlugin} warms them in a Spark executor, so that round 0 shows what a sweep job's
 * first points cost).
 *
 * <p>Run: {@code bench/eval-kernels.sh [model dir] [images] [rounds] [batch] [shared] [steps] [dt]}
 * (class path as the other benchmark scripts; arguments after the data directory as here; steps
 * default to 30, dt to the model's; pass {@code one} instead of {@code shared} for one point at a
 * time). With {@code shared}
 * the points are evaluated in the groups a sweep with {@code shareLayers} forms ({@link
 * PointGroups}, {@link PointGroupEvaluator}: the first dense layer once for all points, the
 * spiking layer once per scale); the digests must equal those of the default, one point at a
 * time. {@code -Dsparksnn.bench.threads=N} splits each group's batches into N ranges evaluated on
 * N threads at once, each with its own evaluator, as a sweep's tasks do (results merged in range
 * order); {@code -Dsparksnn.bench.evaluationWarmUp=B} runs {@link EvaluationWarmUp} for B batches
 * before the rounds, as the executor plugin does.
 */
public final class PointEvaluatorBench {
  private PointEvaluatorBench() {}

  public static void main(String[] args) throws Exception {
    String dataDir = args[0];
    String modelDir = args[1];
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    boolean shared = args.length > 5 && args[5].equals("shared");
    int steps = args.length > 6 ? Integer.parseInt(args[6]) : 30;
    Double dt = args.length > 7 ? Double.valueOf(args[7]) : null;
    long started = System.nanoTime();
    org.nd4j.linalg.factory.Nd4j.create(1); // loads the native backend (outside the timings)
    System.out.printf("ND4J start-up: %.3f s%n", (System.nanoTime() - started) / 1e9);
    Configuration conf = new Configuration();
    IdxDataset.Split test = IdxDataset.read(new Path(dataDir), IdxFiles.TEST, conf);
    EvalImages data =
        EvalImages.of(test.images(), test.labels(), IdxFiles.TEST.idOffset(), limit);
    SweepModel model = SweepModel.load(modelDir, conf);
    SerializableNeuronResolver resolver = NeuronTypes::create;
    double[] taus = {0.001, 0.005, 0.01};
    double[] scales = {1, 10, 20};
    int batches = PointEvaluator.batchCount(data.count(), batch);
    List<PointNetwork.Prepared> prepared = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (double scale : scales) {
      for (double tau : taus) {
        GridPoint p =
            new GridPoint(
                modelDir,
                dt,
                steps,
                "spiking-relu",
                SynapseSetting.lowpass(tau),
                ScaleSetting.global(scale));
        prepared.add(PointNetwork.prepare(model.spec(), model.weights(), p, resolver));
        labels.add(String.format("tau %.3f scale %4.0f", tau, scale));
      }
    }
    int k = prepared.size();
    List<Integer> all = java.util.stream.IntStream.range(0, k).boxed().toList();
    List<PointGroups.Group> groups = PointGroups.of(all, prepared, new int[k], resolver, shared);
    System.out.printf("%d points in %d groups: %s%n", k, groups.size(), groups);
    if (Boolean.getBoolean("sparksnn.bench.kernelWarmUp")) {
      long w0 = System.nanoTime();
      org.sparksnn.ops.net.KernelWarmUp.run(org.sparksnn.ops.net.KernelWarmUp.DEFAULT_CALLS);
      System.out.printf("kernel warm-up: %.3f s%n", (System.nanoTime() - w0) / 1e9);
    }
    int warmBatches = Integer.getInteger("sparksnn.bench.evaluationWarmUp", 0);
    if (warmBatches > 0) {
      long w0 = System.nanoTime();
      long steps0 = EvaluationWarmUp.run(warmBatches);
      System.out.printf(
          "evaluation warm-up: %d batches, %,d image-steps in %.3f s%n",
          warmBatches, steps0, (System.nanoTime() - w0) / 1e9);
    }
    int threads = Integer.getInteger("sparksnn.bench.threads", 1);
    long imageSteps = (long) data.count() * steps;
    for (int round = 0; round < rounds; round++) {
      double totalSeconds = 0;
      for (PointGroups.Group group : groups) {
        List<PointNetwork.Prepared> members = new ArrayList<>();
        group.points().forEach(g -> members.add(prepared.get(g)));
        long t0 = System.nanoTime();
        List<PartialResult> results =
            evaluateInThreads(members, group, resolver, data, batches, batch, threads);
        double s = (System.nanoTime() - t0) / 1e9;
        totalSeconds += s;
        for (int q = 0; q < members.size(); q++) {
          System.out.printf(
              "round %d %s: %,.0f image-steps/s digest %s%n",
              round,
              labels.get(group.points().get(q)),
              imageSteps * members.size() / s,
              digest(results.get(q)));
        }
      }
      System.out.printf(
          "round %d: %,d image-steps in %.3f s = %,.0f image-steps/s%n",
          round, imageSteps * k, totalSeconds, imageSteps * k / totalSeconds);
    }
  }

  /**
   * Evaluates a group's points on all batches, split into {@code threads} contiguous ranges as a
   * sweep's tasks split them, each range on a thread of its own with its own evaluator; the
   * ranges' results merged in range order.
   */
  private static List<PartialResult> evaluateInThreads(
      List<PointNetwork.Prepared> members,
      PointGroups.Group group,
      SerializableNeuronResolver resolver,
      EvalImages data,
      int batches,
      int batch,
      int threads)
      throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<PartialResult>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = (int) ((long) t * batches / threads);
        int end = (int) ((long) (t + 1) * batches / threads);
        parts.add(
            pool.submit(
                () ->
                    group.points().size() == 1
                        ? List.of(
                            new PointEvaluator(members.get(0), resolver)
                                .evaluate(data, first, end, batch, 0))
                        : new PointGroupEvaluator(members, group, resolver)
                            .evaluate(data, first, end, batch, 0)));
      }
      List<PartialResult> merged = null;
      for (java.util.concurrent.Future<List<PartialResult>> f : parts) {
        List<PartialResult> r = f.get();
        if (merged == null) {
          merged = new ArrayList<>(r);
        } else {
          for (int q = 0; q < r.size(); q++) {
            merged.set(q, merged.get(q).merge(r.get(q)));
          }
        }
      }
      return merged;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every count of {@code r} folded into one line: equal digests mean equal results. */
  static String digest(PartialResult r) {
    double spikes = 0;
    long spikeHash = 17;
    for (int j = 0; j < r.activationLayers(); j++) {
      for (int k = 0; k < r.neurons(j); k++) {
        double c = r.spikes(j, k);
        spikes += c;
        spikeHash = spikeHash * 31 + Double.doubleToLongBits(c);
      }
    }
    return String.format(
        "acc %d/%d/%d per-step %08x spikes %.1f (%016x)",
        r.correctLast(),
        r.correctMean(),
        r.correctLowpass(),
        java.util.Arrays.hashCode(r.correctPerStep()),
        spikes,
        spikeHash);
  }
}
