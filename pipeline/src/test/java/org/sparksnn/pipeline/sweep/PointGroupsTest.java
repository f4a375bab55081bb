package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.neuron.NeuronTypes;

class PointGroupsTest {

  /** Spiking-relu points of the fixture model (dense → activation → dense) over the settings. */
  private static List<PointNetwork.Prepared> prepare(List<GridPoint> points) {
    List<PointNetwork.Prepared> prepared = new ArrayList<>();
    for (GridPoint p : points) {
      prepared.add(
          PointNetwork.prepare(
              SweepFixtures.spec("spiking-relu", 10),
              SweepFixtures.weights(),
              p,
              NeuronTypes::create));
    }
    return prepared;
  }

  private static GridPoint point(Integer steps, Double tau, double scale) {
    return new GridPoint(
        "m",
        null,
        steps,
        "spiking-relu",
        tau == null ? SynapseSetting.none() : SynapseSetting.lowpass(tau),
        ScaleSetting.global(scale));
  }

  private static List<Integer> all(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void aSynapseByScaleGridSharesTheDenseLayerAndPerScaleTheSpikingOne() {
    List<GridPoint> points = new ArrayList<>();
    for (double scale : new double[] {1, 10}) {
      for (Double tau : new Double[] {null, 0.005, 0.01}) {
        points.add(point(null, tau, scale));
      }
    }
    List<PointGroups.Group> groups =
        PointGroups.of(all(6), prepare(points), new int[6], NeuronTypes::create, true);
    assertEquals(1, groups.size());
    PointGroups.Group g = groups.get(0);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), g.points());
    // scale 1: dense and activation from the first point (the synapse or the output layer comes
    // after them); the first point of scale 10 takes the dense layer only, its synapse points
    // take dense and activation from it
    assertEquals(List.of(-1, 0, 0, 0, 3, 3), g.parents());
    assertEquals(List.of(0, 2, 2, 1, 2, 2), g.shared());
  }

  @Test
  void pointsOfOtherStepsOrModelsStayApartAndSharingCanBeOff() {
    List<GridPoint> points =
        List.of(
            point(10, 0.01, 1), point(20, 0.01, 1), point(10, 0.01, 2), point(10, 0.005, 1));
    List<PointNetwork.Prepared> prepared = prepare(points);
    List<PointGroups.Group> groups =
        PointGroups.of(all(4), prepared, new int[4], NeuronTypes::create, true);
    // other steps share nothing; the other scale would share only the dense layer, which with a
    // synapse after the activation is under MIN_SHARED_WORK of this small network's step
    assertEquals(3, groups.size());
    assertEquals(List.of(0, 3), groups.get(0).points());
    assertEquals(List.of(-1, 0), groups.get(0).parents());
    assertEquals(List.of(0, 2), groups.get(0).shared());
    assertEquals(PointGroups.Group.of(1), groups.get(1));
    assertEquals(PointGroups.Group.of(2), groups.get(2));
    // points 0 and 3, grouped above, are not grouped when they belong to two models
    List<PointGroups.Group> twoModels =
        PointGroups.of(
            List.of(0, 3), prepared, new int[] {0, 0, 0, 1}, NeuronTypes::create, true);
    assertEquals(2, twoModels.size());
    assertEquals(4, PointGroups.of(all(4), prepared, new int[4], NeuronTypes::create, false).size());
    // only the missing points are grouped, in their order
    List<PointGroups.Group> missing =
        PointGroups.of(List.of(3, 0), prepared, new int[4], NeuronTypes::create, true);
    assertEquals(1, missing.size());
    assertEquals(List.of(3, 0), missing.get(0).points());
    assertEquals(List.of(0, 2), missing.get(0).shared());
  }

  @Test
  void aConvNetsSynapsePointsShareTheSecondConvolutionAndItsScalesStayApart() {
    // conv 4 → spiking relu → conv 32 → spiking relu → dense: the second conv is most of a step
    org.sparksnn.ops.net.NetworkSpec conv =
        new org.sparksnn.ops.net.NetworkSpec(
            new int[] {12, 12, 1},
            List.of(
                new org.sparksnn.ops.net.LayerSpec.Conv2d(
                    "c0", 4, 3, 1, org.sparksnn.ops.net.LayerSpec.Padding.VALID, true),
                org.sparksnn.ops.net.LayerSpec.Activation.of("a0", "spiking-relu"),
                new org.sparksnn.ops.net.LayerSpec.Conv2d(
                    "c1", 32, 3, 1, org.sparksnn.ops.net.LayerSpec.Padding.VALID, true),
                org.sparksnn.ops.net.LayerSpec.Activation.of("a1", "spiking-relu"),
                new org.sparksnn.ops.net.LayerSpec.Flatten("f"),
                new org.sparksnn.ops.net.LayerSpec.Dense("d", 3, true)),
            0.001,
            20);
    org.sparksnn.ops.net.ParameterSet w =
        org.sparksnn.ops.net.Network.compile(conv, NeuronTypes::create).initParameters(1);
    List<PointNetwork.Prepared> prepared = new ArrayList<>();
    for (double scale : new double[] {1, 4}) {
      for (double tau : new double[] {0.005, 0.01}) {
        prepared.add(
            PointNetwork.prepare(
                conv,
                w,
                new GridPoint(
                    "m", null, null, null, SynapseSetting.lowpass(tau), ScaleSetting.global(scale)),
                NeuronTypes::create));
      }
    }
    org.sparksnn.ops.net.Network net =
        org.sparksnn.ops.net.Network.compile(prepared.get(1).spec(), NeuronTypes::create);
    // the synapse points of a scale share c0 and a0 (layers 0-1); their synapse (layer 2) moves
    // behind c1 (layer 3), whose product of the shared spikes they share too
    org.sparksnn.ops.net.Network first =
        org.sparksnn.ops.net.Network.compile(prepared.get(0).spec(), NeuronTypes::create);
    int shared =
        org.sparksnn.ops.net.SharedPrefixRunner.sharedLayers(
            first, prepared.get(0).params(), net, prepared.get(1).params());
    assertEquals(2, shared);
    assertEquals(
        4,
        org.sparksnn.ops.net.SharedPrefixRunner.sharedWorkLayers(
            first, prepared.get(0).params(), net, prepared.get(1).params(), shared));
    assertTrue(PointGroups.sharedWork(net, 2) < PointGroups.MIN_SHARED_WORK);
    assertTrue(PointGroups.sharedWork(net, 4) >= PointGroups.MIN_SHARED_WORK);
    List<PointGroups.Group> groups =
        PointGroups.of(all(4), prepared, new int[4], NeuronTypes::create, true);
    // the other scale shares only c0, a small part of a step: a group per scale
    assertEquals(2, groups.size());
    assertEquals(List.of(0, 1), groups.get(0).points());
    assertEquals(List.of(-1, 0), groups.get(0).parents());
    assertEquals(List.of(0, 2), groups.get(0).shared());
    assertEquals(List.of(2, 3), groups.get(1).points());
    // the fixture MLP: the dense layer held over the steps plus the activation are most of it
    org.sparksnn.ops.net.Network mlp =
        org.sparksnn.ops.net.Network.compile(
            prepare(List.of(point(null, 0.01, 1))).get(0).spec(), NeuronTypes::create);
    assertTrue(PointGroups.sharedWork(mlp, 2) >= PointGroups.MIN_SHARED_WORK);
    assertEquals(0.0, PointGroups.sharedWork(mlp, 0));
  }

  @Test
  void aGroupHoldsAtMostMaxPoints() {
    List<GridPoint> points = new ArrayList<>();
    for (int i = 0; i < PointGroups.MAX_POINTS + 3; i++) {
      points.add(point(null, 0.001 * (i + 1), 1));
    }
    int n = points.size();
    List<PointGroups.Group> groups =
        PointGroups.of(all(n), prepare(points), new int[n], NeuronTypes::create, true);
    assertEquals(2, groups.size());
    assertEquals(PointGroups.MAX_POINTS, groups.get(0).points().size());
    assertEquals(3, groups.get(1).points().size());
  }
}
