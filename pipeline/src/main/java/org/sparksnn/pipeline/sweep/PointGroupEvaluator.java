package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.SharedPrefixRunner;
import org.sparksnn.ops.net.StepListener;

/**
 * Evaluates a {@link PointGroups.Group}'s points on a range of batches (the work of one Spark
 * task) in one pass over the data: the layers the points share run once per step ({@link
 * SharedPrefixRunner}), and each point keeps its own statistics exactly as a {@link
 * PointEvaluator} alone would (the spike counts of the shared activation layers are gathered once
 * for all), so every point's result is bit-identical to evaluating it alone.
 * The task's seconds are split equally among the points. Not thread-safe (one per task).
 */
final class PointGroupEvaluator {
  private final List<PointEvaluator> points;
  private final SharedPrefixRunner runner;
  private final List<ParameterSet> params;

  /**
   * @param prepared the group's points' networks, in the group's order
   * @param group the group: which point takes how many leading layers from which
   */
  PointGroupEvaluator(
      List<PointNetwork.Prepared> prepared,
      PointGroups.Group group,
      SerializableNeuronResolver resolver) {
    this(prepared, group, resolver, null);
  }

  /**
   * @param prepared the group's points' networks, in the group's order (the same steps, as every
   *     group's)
   * @param group the group: which point takes how many leading layers from which
   * @param input the spike encoder that feeds the networks, or null for the time-tiled intensities
   */
  PointGroupEvaluator(
      List<PointNetwork.Prepared> prepared,
      PointGroups.Group group,
      SerializableNeuronResolver resolver,
      SpikeEncoder input) {
    this.points = new ArrayList<>();
    List<Network> networks = new ArrayList<>();
    this.params = new ArrayList<>();
    for (PointNetwork.Prepared p : prepared) {
      PointEvaluator ev = new PointEvaluator(p, resolver, input);
      points.add(ev);
      networks.add(ev.network());
      params.add(p.params());
    }
    int k = prepared.size();
    int[] parents = new int[k];
    int[] shared = new int[k];
    for (int q = 0; q < k; q++) {
      parents[q] = group.parents().get(q);
      shared[q] = group.shared().get(q);
    }
    this.runner = new SharedPrefixRunner(networks, parents, shared);
  }

  /**
   * Evaluates batches {@code [firstBatch, endBatch)} of {@code data} for every point.
   *
   * @return one result per point, in the group's order
   */
  List<PartialResult> evaluate(
      EvalImages data, int firstBatch, int endBatch, int batch, int examples) {
    long start = System.nanoTime();
    int k = points.size();
    List<PartialResult> results = new ArrayList<>();
    for (PointEvaluator p : points) {
      p.checkData(data, batch);
      results.add(p.newResult());
    }
    int n = data.count();
    List<PointEvaluator.BatchListener> batchListeners = new ArrayList<>(k);
    for (int b = firstBatch; b < endBatch; b++) {
      int from = b * batch;
      int to = Math.min(from + batch, n);
      if (from >= to) {
        break;
      }
      batchListeners.clear();
      for (int q = 0; q < k; q++) {
        // the shared activation layers' spike counts are gathered once, by the listener of the
        // point that runs them
        batchListeners.add(
            points
                .get(q)
                .startBatch(
                    data,
                    from,
                    to,
                    examples,
                    results.get(q),
                    q == 0 ? null : batchListeners.get(runner.parent(q)),
                    runner.shared(q)));
      }
      List<StepListener> listeners = List.copyOf(batchListeners);
      runner.evaluate(
          params, points.get(0).inputOf(data, from, to), batchListeners.get(0).ids, listeners);
      for (int q = 0; q < k; q++) {
        points.get(q).finishBatch(batchListeners.get(q), results.get(q));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (PartialResult r : results) {
      r.addSeconds(seconds / k);
    }
    return results;
  }
}
