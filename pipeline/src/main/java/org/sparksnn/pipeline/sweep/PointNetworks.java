package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The networks of a sweep's points to compute, broadcast once per model: a point's job closure
 * then holds a broadcast handle and the point's index, not its network (hundreds of KB to MB of
 * weights serialized into every job and deserialized by every task). Points of one model share
 * its weight arrays, which serialize once per broadcast. An executor fetches a model's networks
 * on its first task of that model; the broadcast is destroyed when the model's last point ends,
 * so executors hold the networks of the models in progress, not of the whole grid. Thread-safe
 * (points run on several threads).
 */
final class PointNetworks implements AutoCloseable {
  private final List<Broadcast<Map<Integer, PointNetwork.Prepared>>> byModel = new ArrayList<>();
  private final int[] modelOfPoint;
  private final int[] pointsLeft;

  /**
   * @param prepared every point's network, by point index
   * @param modelOfPoint the model index of every point
   * @param missing the indices of the points to compute
   * @param models number of models
   */
  PointNetworks(
      JavaSparkContext jsc,
      List<PointNetwork.Prepared> prepared,
      int[] modelOfPoint,
      List<Integer> missing,
      int models) {
    this.modelOfPoint = modelOfPoint.clone();
    this.pointsLeft = new int[models];
    List<Map<Integer, PointNetwork.Prepared>> maps = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      maps.add(new HashMap<>());
    }
    for (int g : missing) {
      maps.get(modelOfPoint[g]).put(g, prepared.get(g));
      pointsLeft[modelOfPoint[g]]++;
    }
    for (int m = 0; m < models; m++) {
      byModel.add(pointsLeft[m] == 0 ? null : jsc.broadcast(maps.get(m)));
    }
  }

  /** The broadcast holding point {@code g}'s network (valid until {@link #pointDone}(g)). */
  synchronized Broadcast<Map<Integer, PointNetwork.Prepared>> of(int g) {
    Broadcast<Map<Integer, PointNetwork.Prepared>> b = byModel.get(modelOfPoint[g]);
    if (b == null) {
      throw new IllegalStateException("point " + g + ": its model's networks are released");
    }
    return b;
  }

  /** Records that point {@code g}'s job ended; releases its model's networks after the last. */
  synchronized void pointDone(int g) {
    int m = modelOfPoint[g];
    if (--pointsLeft[m] == 0 && byModel.get(m) != null) {
      byModel.get(m).destroy();
      byModel.set(m, null);
    }
  }

  /** Releases every broadcast still held (after a failure or an interruption). */
  @Override
  public synchronized void close() {
    for (int m = 0; m < byModel.size(); m++) {
      if (byModel.get(m) != null) {
        byModel.get(m).destroy();
        byModel.set(m, null);
      }
    }
  }
}
