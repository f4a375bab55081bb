package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NeuronResolver;
import org.sparksnn.ops.net.SharedPrefixRunner;

/**
 * Splits a sweep's points to compute into groups evaluated together, one Spark job per group
 * ({@link PointGroupEvaluator}): points of one model whose networks agree up to and including
 * their first stateful layer (same layers, weights, {@code dt}, steps and initial voltages — for
 * example the points of a synapse axis at one firing-rate scale) share that part of the work.
 * Points are taken in order; each joins the first open group it shares such a prefix with, else
 * starts one. Without sharing every point is a group of one.
 */
final class PointGroups {
  /** Points per group at most, so that a large grid still gives several jobs to overlap. */
  static final int MAX_POINTS = 16;

  private PointGroups() {}

  /**
   * A group: its points (indices into the sweep's point list) and the number of leading layers
   * they share (0 for a group of one).
   */
  record Group(List<Integer> points, int shared) implements java.io.Serializable {
    Group {
      points = List.copyOf(points);
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
    List<List<Integer>> members = new ArrayList<>();
    List<Integer> shared = new ArrayList<>();
    List<Network> leaders = new ArrayList<>();
    for (int g : missing) {
      if (!share) {
        members.add(new ArrayList<>(List.of(g)));
        shared.add(0);
        leaders.add(null);
        continue;
      }
      Network net = Network.compile(prepared.get(g).spec(), resolver);
      int joined = -1;
      for (int q = 0; q < members.size() && joined < 0; q++) {
        int leader = members.get(q).get(0);
        if (members.get(q).size() >= MAX_POINTS || modelOfPoint[leader] != modelOfPoint[g]) {
          continue;
        }
        Network lead = leaders.get(q);
        int s =
            SharedPrefixRunner.sharedLayers(
                lead, prepared.get(leader).params(), net, prepared.get(g).params());
        if (lead.firstStatefulLayer() >= 0 && s > lead.firstStatefulLayer()) {
          joined = q;
          shared.set(q, members.get(q).size() == 1 ? s : Math.min(shared.get(q), s));
        }
      }
      if (joined >= 0) {
        members.get(joined).add(g);
      } else {
        members.add(new ArrayList<>(List.of(g)));
        shared.add(0);
        leaders.add(net);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (int q = 0; q < members.size(); q++) {
      groups.add(new Group(members.get(q), members.get(q).size() == 1 ? 0 : shared.get(q)));
    }
    return groups;
  }
}
