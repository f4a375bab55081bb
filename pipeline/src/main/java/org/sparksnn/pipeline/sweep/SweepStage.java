package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.ConfigException;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.net.Network;
import org.sparksnn.pipeline.executor.IndexedJob;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.numerics.PeerNumerics;

/**
 * Runs an evaluation sweep on Spark: every grid point is one Spark job whose tasks are the data
 * partitions of that point, so the tasks are (grid point × data partition); up to {@link
 * SweepOptions#concurrentPoints()} point jobs run at once. The test images are broadcast once
 * (uint8, 7.8 MB for 10,000 MNIST images), the points' networks once per model ({@link
 * PointNetworks}), and task (g, p) evaluates partition p's batches for point g, streaming through
 * time ({@link PointEvaluator}) with one ND4J/BLAS thread.
 *
 * <p>Output layout under {@code output}:
 *
 * <ul>
 *   <li>{@code points/<key>.json}: one file per finished point, written (atomically) as soon as the
 *       point's job ends. A re-run with the same or a larger grid skips every point whose file
 *       exists and computes only the missing ones. The key hashes the model's content, the point's
 *       settings, the data fingerprint and the batch size ({@link GridPoint#key}).
 *   <li>{@code results/} (an {@link OutputDir}, replaced atomically at the end): {@code
 *       results.parquet}, {@code results.csv} (one row per grid point of this grid), PNG plots and
 *       {@code report.md}.
 * </ul>
 *
 * <p>Everything is validated before any Spark job: models are read, the grid's per-layer names are
 * checked against each model and every point's network is compiled; errors name the key path under
 * the {@code sweep} section.
 */
public final class SweepStage {
  private static final Logger LOG = LoggerFactory.getLogger(SweepStage.class);

  private final SparkSession spark;
  private final SweepOptions options;

  /** A stage on {@code spark} with {@code options}. */
  public SweepStage(SparkSession spark, SweepOptions options) {
    this.spark = Checks.notNull("SweepStage.spark", spark);
    this.options = Checks.notNull("SweepStage.options", options);
  }

  /** Loads the grid's models and runs the sweep (see the class comment). */
  public SweepSummary run(SweepGrid grid, EvalImages data, String output) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, SweepModel> models = new LinkedHashMap<>();
    for (int i = 0; i < grid.models().size(); i++) {
      String m = grid.models().get(i);
      if (!models.containsKey(m)) {
        try {
          models.put(m, SweepModel.load(m, conf));
        } catch (RuntimeException e) {
          throw new ConfigException("sweep.models[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
    return run(grid, List.copyOf(models.values()), data, output);
  }

  /**
   * Runs the sweep over already loaded {@code models}; every location named by the grid must be
   * among them.
   */
  public SweepSummary run(SweepGrid grid, List<SweepModel> models, EvalImages data, String output) {
    Checks.notNull("SweepStage.grid", grid);
    Checks.notNull("SweepStage.data", data);
    Checks.notNull("SweepStage.output", output);
    Map<String, Integer> modelIndex = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      modelIndex.put(models.get(i).location(), i);
    }
    validate(grid, models, modelIndex, data);
    List<GridPoint> points = grid.expand();
    String context =
        GridPoint.sha256Hex(
            "data=" + data.fingerprint() + "|batch=" + options.batch()
                + (options.input() == null ? "" : "|input=" + options.input()));
    List<String> keys = new ArrayList<>();
    List<PointNetwork.Prepared> prepared = new ArrayList<>();
    for (int g = 0; g < points.size(); g++) {
      GridPoint p = points.get(g);
      SweepModel m = models.get(modelIndex.get(p.model()));
      PointNetwork.Prepared pr;
      try {
        pr = PointNetwork.prepare(m.spec(), m.weights(), p, options.resolver());
        Network.compile(pr.spec(), options.resolver()); // the point's network must compile
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "sweep: point #" + g + " (" + describe(p) + "): " + e.getMessage(), e);
      }
      prepared.add(pr);
      keys.add(p.key(m.contentHash(), context));
    }

    Configuration conf = spark.sparkContext().hadoopConfiguration();
    PointStore store = new PointStore(new Path(output, "points"), conf);
    Map<Integer, PointResult> done = new LinkedHashMap<>();
    List<Integer> missing = new ArrayList<>();
    for (int g = 0; g < points.size(); g++) {
      Optional<PointResult> r = store.read(keys.get(g));
      if (r.isPresent()) {
        // a moved model keeps its content hash, hence its key: relabel with today's location
        done.put(g, r.get().withModel(points.get(g).model()));
      } else {
        missing.add(g);
      }
    }
    LOG.info(
        "sweep: {} points, {} already done, {} to compute on {} images (input: {})",
        points.size(),
        done.size(),
        missing.size(),
        data.count(),
        options.inputLabel());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator imagesEvaluated = spark.sparkContext().longAccumulator("sweep.images");
    if (!missing.isEmpty()) {
      evaluate(
          jsc, points, keys, prepared, models, modelIndex, data, missing, store, done,
          imagesEvaluated);
    }
    List<PointResult> results = new ArrayList<>();
    for (int g = 0; g < points.size(); g++) {
      results.add(done.get(g));
    }
    Path resultsDir = new Path(output, "results");
    OutputDir out = OutputDir.create(resultsDir, conf, true);
    try {
      ResultsTable table = new ResultsTable(results, options.devices());
      table.writeParquet(spark, new Path(out.tempPath(), "results.parquet"));
      table.writeCsv(new Path(out.tempPath(), "results.csv"), conf);
      new SweepReport(results, table, data.count(), options.inputLabel())
          .write(out.tempPath(), conf);
      out.commit();
    } catch (RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    return new SweepSummary(
        points.size(),
        missing.size(),
        points.size() - missing.size(),
        imagesEvaluated.value(),
        List.copyOf(results),
        out.finalPath().toString());
  }

  private void evaluate(
      JavaSparkContext jsc,
      List<GridPoint> points,
      List<String> keys,
      List<PointNetwork.Prepared> prepared,
      List<SweepModel> models,
      Map<String, Integer> modelIndex,
      EvalImages data,
      List<Integer> missing,
      PointStore store,
      Map<Integer, PointResult> done,
      LongAccumulator imagesEvaluated) {
    int batches = PointEvaluator.batchCount(data.count(), options.batch());
    int parts = options.partitions() > 0 ? options.partitions() : jsc.defaultParallelism();
    int partitions = Math.max(1, Math.min(parts, batches));
    startBackends(jsc, partitions);
    // created after the start-up job, which may fail, and released in the finally below
    Broadcast<EvalImages> bData = jsc.broadcast(data);
    int[] modelOfPoint = new int[points.size()];
    for (int g = 0; g < points.size(); g++) {
      modelOfPoint[g] = modelIndex.get(points.get(g).model());
    }
    PointNetworks networks = new PointNetworks(jsc, prepared, modelOfPoint, missing, models.size());
    List<PointGroups.Group> groups =
        PointGroups.of(
            missing,
            prepared,
            modelOfPoint,
            options.resolver(),
            options.shareLayers());
    if (groups.size() < missing.size()) {
      LOG.info(
          "sweep: {} points in {} jobs (points of a job compute the layers they share once)",
          missing.size(),
          groups.size());
    }
    SweepEta eta = new SweepEta(estimatedWork(groups, prepared, data));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(options.concurrentPoints(), groups.size()),
            r -> {
              Thread t = new Thread(r, "sweep-point");
              t.setDaemon(true);
              return t;
            });
    CompletionService<List<Integer>> completion = new ExecutorCompletionService<>(pool);
    List<Future<List<Integer>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    String jobGroup = "spark-snn-sweep-" + java.util.UUID.randomUUID();
    boolean failed = true;
    try {
      for (PointGroups.Group group : groups) {
        futures.add(
            completion.submit(
                () -> {
                  List<Integer> ids = group.points();
                  StringBuilder what = new StringBuilder();
                  for (int g : ids) {
                    what.append(what.length() == 0 ? "" : "; ")
                        .append(keys.get(g))
                        .append(" (")
                        .append(describe(points.get(g)))
                        .append(')');
                  }
                  jsc.setJobGroup(
                      jobGroup, (ids.size() == 1 ? "sweep point " : "sweep points ") + what, true);
                  long t0 = System.nanoTime();
                  List<PartialResult> merged =
                      runGroup(
                          jsc, networks.of(ids.get(0)), group, bData, batches, partitions,
                          imagesEvaluated);
                  double seconds = (System.nanoTime() - t0) / 1e9;
                  for (int q = 0; q < ids.size(); q++) {
                    int g = ids.get(q);
                    networks.pointDone(g);
                    SweepModel m = models.get(modelOfPoint[g]);
                    PointResult r =
                        PointMetrics.build(
                            points.get(g),
                            keys.get(g),
                            m.contentHash(),
                            prepared.get(g),
                            options.resolver(),
                            merged.get(q),
                            seconds / ids.size());
                    store.write(r);
                    synchronized (done) {
                      done.put(g, r);
                    }
                  }
                  return ids;
                }));
      }
      int total = points.size();
      int computed = 0;
      for (int i = 0; i < groups.size(); i++) {
        List<Integer> finished = completion.take().get();
        finished.forEach(eta::pointDone);
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (int g : finished) {
          PointResult r;
          synchronized (done) {
            r = done.get(g);
          }
          computed++;
          LOG.info(
              "sweep: point {}/{} done ({} computed this run, {} left, ETA {} s): {} accuracy {}"
                  + " in {} s",
              total - missing.size() + computed,
              total,
              computed,
              missing.size() - computed,
              String.format("%.0f", eta.secondsLeft(elapsed)),
              describe(points.get(g)),
              String.format("%.4f", r.accuracy()),
              String.format("%.2f", r.seconds()));
        }
      }
      double wall = (System.nanoTime() - start) / 1e9;
      long imageSteps = 0;
      for (int g : missing) {
        imageSteps += (long) data.count() * prepared.get(g).spec().steps();
      }
      LOG.info(
          "sweep: evaluated {} points, {} image-steps in {} s of wall time: {} image-steps/s",
          missing.size(),
          imageSteps,
          String.format("%.3f", wall),
          String.format("%.0f", imageSteps / wall));
      failed = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SimulationException("sweep interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new SimulationException("sweep point failed: " + c, c);
    } finally {
      if (failed) {
        jsc.cancelJobGroup(jobGroup);
      }
      futures.forEach(f -> f.cancel(true));
      pool.shutdownNow();
      bData.destroy();
      networks.close();
    }
  }

  /**
   * Each point's work for the ETA ({@link PointWork#estimate}), its pilot runs on this (the
   * driver's) thread computing as the tasks do. A driver that cannot load the native BLAS the
   * executors use (another platform than the cluster's) weighs the points by their dense counts
   * instead: the ETA must not stop a sweep.
   */
  private Map<Integer, Double> estimatedWork(
      List<PointGroups.Group> groups, List<PointNetwork.Prepared> prepared, EvalImages data) {
    try {
      pinOneThread();
      return PointWork.estimate(groups, prepared, options.resolver(), options.input(), data, true);
    } catch (LinkageError e) {
      LOG.warn(
          "sweep: no pilot run for the ETA on the driver ({}); points weighed as dense",
          e.toString());
      return PointWork.estimate(groups, prepared, options.resolver(), options.input(), data, false);
    }
  }

  /** One job: every partition's batches of the group's points; one merged result per point. */
  private List<PartialResult> runGroup(
      JavaSparkContext jsc,
      Broadcast<Map<Integer, PointNetwork.Prepared>> bNetworks,
      PointGroups.Group group,
      Broadcast<EvalImages> bData,
      int batches,
      int partitions,
      LongAccumulator imagesEvaluated) {
    List<List<PartialResult>> partials =
        IndexedJob.run(
            jsc,
            partitions,
            task(
                bNetworks,
                group,
                bData,
                batches,
                partitions,
                options.batch(),
                options.examples(),
                options.resolver(),
                options.input(),
                imagesEvaluated));
    List<PartialResult> merged = new ArrayList<>();
    for (int q = 0; q < group.points().size(); q++) {
      PartialResult m = null;
      for (List<PartialResult> p : partials) {
        m = m == null ? p.get(q) : m.merge(p.get(q));
      }
      merged.add(m);
    }
    return merged;
  }

  /**
   * The work of task (group, partition p): batches {@code [p·B/P, (p+1)·B/P)} of every point of
   * the group, one result per point.
   */
  private static IndexedJob.Body<List<PartialResult>> task(
      Broadcast<Map<Integer, PointNetwork.Prepared>> bNetworks,
      PointGroups.Group group,
      Broadcast<EvalImages> bData,
      int batches,
      int partitions,
      int batch,
      int examples,
      SerializableNeuronResolver resolver,
      SpikeEncoder input,
      LongAccumulator imagesEvaluated) {
    return p -> {
      pinOneThread();
      int first = (int) ((long) p * batches / partitions);
      int end = (int) ((long) (p + 1) * batches / partitions);
      Map<Integer, PointNetwork.Prepared> networks = bNetworks.value();
      List<PartialResult> results;
      if (group.points().size() == 1) {
        PointEvaluator ev =
            new PointEvaluator(networks.get(group.points().get(0)), resolver, input);
        results = List.of(ev.evaluate(bData.value(), first, end, batch, examples));
      } else {
        List<PointNetwork.Prepared> prepared = new ArrayList<>();
        for (int g : group.points()) {
          prepared.add(networks.get(g));
        }
        results =
            new PointGroupEvaluator(prepared, group, resolver, input)
                .evaluate(bData.value(), first, end, batch, examples);
      }
      for (PartialResult r : results) {
        imagesEvaluated.add(r.images());
      }
      return results;
    };
  }

  /**
   * Loads ND4J's native backend (1–2.6 s once per JVM on the 2-core VM) in one small job before the
   * points' jobs, so that the first point's seconds do not include it; executors that miss this
   * job load it in their first task. The time is logged.
   */
  private static void startBackends(JavaSparkContext jsc, int partitions) {
    long t0 = System.nanoTime();
    int tasks = Math.max(partitions, jsc.defaultParallelism());
    List<String> reports =
        IndexedJob.run(
            jsc,
            tasks,
            i -> {
              pinOneThread();
              return PeerNumerics.encodeThisExecutor();
            });
    List<PeerNumerics.Peer> peers = PeerNumerics.decode(reports.toArray(String[]::new));
    // a point's counts add up over partitions: executors that round differently would make the
    // table depend on which executor ran which partition
    String mismatch = PeerNumerics.mismatch(peers, "task", "sweep", null, null);
    if (mismatch != null) {
      throw new SimulationException(mismatch);
    }
    LOG.info(
        "sweep: ND4J backends started in {} s; numerics {} on all {} tasks",
        String.format("%.3f", (System.nanoTime() - t0) / 1e9),
        peers.get(0).numerics(),
        tasks);
  }

  /** One BLAS / ND4J thread per task: scale with tasks, not BLAS threads (design.md). */
  private static void pinOneThread() {
    if (Nd4j.factory().blas().getMaxThreads() != 1) {
      Nd4j.factory().blas().setMaxThreads(1);
    }
    if (Nd4j.getEnvironment().maxThreads() != 1) {
      Nd4j.getEnvironment().setMaxThreads(1);
    }
  }

  private void validate(
      SweepGrid grid, List<SweepModel> models, Map<String, Integer> modelIndex, EvalImages data) {
    for (int i = 0; i < grid.models().size(); i++) {
      String m = grid.models().get(i);
      if (!modelIndex.containsKey(m)) {
        throw new ConfigException("sweep.models[" + i + "]: model '" + m + "' was not loaded");
      }
      SweepModel model = models.get(modelIndex.get(m));
      int inputs = IntStream.of(model.spec().inputShape()).reduce(1, (a, b) -> a * b);
      if (inputs != data.imageSize()) {
        throw new ConfigException(
            "sweep.models["
                + i
                + "]: model '"
                + m
                + "' has "
                + inputs
                + " inputs, but the images have "
                + data.imageSize()
                + " values");
      }
      for (int k = 0; k < grid.synapse().size(); k++) {
        checkSynapseNames(model, grid.synapse().get(k).perLayer().keySet(), "sweep.synapse[" + k + "]");
      }
      for (int k = 0; k < grid.scale().size(); k++) {
        checkNames(
            model, grid.scale().get(k).perLayer().keySet(), "sweep.scaleFiringRates[" + k + "]");
      }
      for (int k = 0; k < grid.points().size(); k++) {
        GridPoint p = grid.points().get(k);
        if (p.model() != null && !p.model().equals(m)) {
          continue;
        }
        checkSynapseNames(model, p.synapse().perLayer().keySet(), "sweep.points[" + k + "].synapse");
        checkNames(
            model, p.scale().perLayer().keySet(), "sweep.points[" + k + "].scaleFiringRates");
      }
    }
    for (int k = 0; k < grid.points().size(); k++) {
      String m = grid.points().get(k).model();
      if (m != null && !modelIndex.containsKey(m)) {
        throw new ConfigException(
            "sweep.points[" + k + "].model: model '" + m + "' is not among sweep.models");
      }
    }
  }

  private static void checkNames(SweepModel model, java.util.Set<String> names, String path) {
    try {
      PointNetwork.checkActivationNames(model.spec(), names, path);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (model " + model.location() + ")", e);
    }
  }

  private static void checkSynapseNames(
      SweepModel model, java.util.Set<String> names, String path) {
    try {
      PointNetwork.checkSynapseNames(model.spec(), names, path);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (model " + model.location() + ")", e);
    }
  }

  static String describe(GridPoint p) {
    return "model="
        + p.model()
        + " dt="
        + (p.dt() == null ? "model" : p.dt())
        + " steps="
        + (p.steps() == null ? "model" : p.steps())
        + " neuron="
        + (p.neuron() == null ? "model" : p.neuron())
        + " synapse="
        + p.synapse().label()
        + " scale="
        + p.scale().label();
  }
}
