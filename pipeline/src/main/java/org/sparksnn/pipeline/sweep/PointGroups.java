package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.SharedPrefixRunner;

/**
 * Splits a sweep's points to compute into groups evaluated together, one Spark job per group
 * ({@link PointGroupEvaluator}): points of one model whose networks have leading layers in common
 * (the same layers, weights, {@code dt}, steps and initial voltages) compute those layers once.
 * In a synapse × firing-rate-scale grid every point shares the first dense layer's product of the
 * images, and the points of one scale share the spiking layer after it too, and the product of its
 * spikes by the linear layer their synapses move behind ({@link
 * SharedPrefixRunner#sharedWorkLayers}). Points are taken in
 * order; each joins the first open group holding a point it shares layers with that are at least
 * {@link #MIN_SHARED_WORK} of its work, and takes its shared layers from the member it shares the
 * most with ({@link SharedPrefixRunner}'s parent), else starts a group. Without sharing every point
 * is a group of one.
 */
final class PointGroups {
  /** Points per group at most, so that a large grid still gives several jobs to overlap. */
  static final int MAX_POINTS = 16;

  /**
   * A point joins a group only if the layers it would share are at least this fraction of its
   * work per step ({@link #sharedWork}). Evaluated together, the points' layer states take turns
   * in the caches at every step: the keras-to-snn conv net, whose spiking layer after the first
   * conv is 1 % of a step's multiply-adds next to the second conv, was 7 % slower evaluated in
   * one group (session 25, {@code PointEvaluatorBench}), while the MLP's 9 points, which share
   * 59–70 % of their work, were 1.6× faster. Since session 37 the synapse points of one scale of
   * that conv net also share the second conv's product of the spikes (counted here as that
   * layer's dense multiply-adds): its 9 points (3 synapses × 3 scales) then run as a group per
   * scale, 1.60–1.67× faster than one at a time with the same digests (one group of all 9:
   * 1.28–1.30×).
   */
  static final double MIN_SHARED_WORK = 0.25;

  private PointGroups() {}

  /**
   * A group: its points (indices into the sweep's point list) and, per point, the position in the
   * group of the point it takes its shared layers from (−1 for the first) and how many leading
   * layers it takes (0 for the first).
   */
  record Group(List<Integer> points, List<Integer> parents, List<Integer> shared)
      implements java.io.Serializable {
    Group {
      points = List.copyOf(points);
      parents = List.copyOf(parents);
      shared = List.copyOf(shared);
    }

    /** A group of one point. */
    static Group of(int point) {
      return new Group(List.of(point), List.of(-1), List.of(0));
    }
  }

  /**
   * The groups of {@code missing} (in their order).
   *
   * @param prepared every point's network, by point index
   * @param modelOfPoint every point's model index
   * @param share false: one group per point
   */
  static List<Group> of(
      List<Integer> missing,
      List<PointNetwork.Prepared> prepared,
      int[] modelOfPoint,
      NeuronResolver resolver,
      boolean share) {
    if (!share) {
      return missing.stream().map(Group::of).toList();
    }
    List<List<Integer>> members = new ArrayList<>();
    List<List<Integer>> parents = new ArrayList<>();
    List<List<Integer>> shared = new ArrayList<>();
    Map<Integer, Network> networks = new HashMap<>();
    for (int g : missing) {
      Network net = Network.compile(prepared.get(g).spec(), resolver);
      networks.put(g, net);
      boolean joined = false;
      for (int q = 0; q < members.size() && !joined; q++) {
        List<Integer> group = members.get(q);
        if (group.size() >= MAX_POINTS || modelOfPoint[group.get(0)] != modelOfPoint[g]) {
          continue;
        }
        int best = -1;
        int most = 0;
        for (int m = 0; m < group.size(); m++) {
          int other = group.get(m);
          Network on = networks.get(other);
          ParameterSet op = prepared.get(other).params();
          ParameterSet gp = prepared.get(g).params();
          int s = SharedPrefixRunner.sharedLayers(on, op, net, gp);
          if (s > most
              && sharedWork(net, SharedPrefixRunner.sharedWorkLayers(on, op, net, gp, s))
                  >= MIN_SHARED_WORK) {
            most = s;
            best = m;
          }
        }
        if (best >= 0) {
          group.add(g);
          parents.get(q).add(best);
          shared.get(q).add(most);
          joined = true;
        }
      }
      if (!joined) {
        members.add(new ArrayList<>(List.of(g)));
        parents.add(new ArrayList<>(List.of(-1)));
        shared.add(new ArrayList<>(List.of(0)));
      }
    }
    List<Group> groups = new ArrayList<>();
    for (int q = 0; q < members.size(); q++) {
      groups.add(new Group(members.get(q), parents.get(q), shared.get(q)));
    }
    return groups;
  }

  /**
   * The fraction of an image's arithmetic ({@link PointWork}) that {@code network}'s first {@code
   * shared} layers do. A rough measure, enough to tell a network whose shared layers are most of
   * its work from one whose work is after them.
   */
  static double sharedWork(Network network, int shared) {
    double[] work = PointWork.perLayer(network);
    double total = 0;
    double prefix = 0;
    for (int i = 0; i < work.length; i++) {
      total += work[i];
      if (i < shared) {
        prefix += work[i];
      }
    }
    return total == 0 ? 0 : prefix / total;
  }
}
