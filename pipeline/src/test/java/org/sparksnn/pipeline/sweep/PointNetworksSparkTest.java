package org.sparksnn.pipeline.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.SparkTestSession;

@Tag("spark")
class PointNetworksSparkTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create(PointNetworksSparkTest.class);
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Point g's network: one dense layer of g + 1 units whose weights are all g. */
  private static List<PointNetwork.Prepared> networks(int points) {
    List<PointNetwork.Prepared> out = new ArrayList<>();
    for (int g = 0; g < points; g++) {
      NetworkSpec spec =
          new NetworkSpec(new int[] {3}, List.of(new LayerSpec.Dense("d", g + 1, false)), 0.001, 1);
      float[] w = new float[3 * (g + 1)];
      java.util.Arrays.fill(w, g);
      out.add(
          new PointNetwork.Prepared(
              spec, ParameterSet.builder().add("d/kernel", new int[] {3, g + 1}, w).build(), null));
    }
    return out;
  }

  @Test
  void aTaskReadsItsPointsNetworkFromTheBroadcast() {
    List<PointNetwork.Prepared> prepared = networks(4);
    try (PointNetworks networks =
        new PointNetworks(jsc, prepared, new int[] {0, 1, 0, 1}, List.of(0, 1, 3), 2)) {
      for (int g : List.of(0, 1, 3)) {
        Broadcast<java.util.Map<Integer, PointNetwork.Prepared>> b = networks.of(g);
        int point = g;
        List<Float> firstWeights =
            jsc.parallelize(List.of(0, 1), 2)
                .map(p -> b.value().get(point).params().get("d/kernel")[0])
                .collect();
        assertEquals(List.of((float) g, (float) g), firstWeights);
      }
    }
  }

  @Test
  void aModelsNetworksAreReleasedAfterItsLastPointAndNotBefore() {
    List<PointNetwork.Prepared> prepared = networks(4);
    PointNetworks networks =
        new PointNetworks(jsc, prepared, new int[] {0, 1, 0, 1}, List.of(0, 1, 3), 2);
    Broadcast<java.util.Map<Integer, PointNetwork.Prepared>> modelOne = networks.of(1);
    assertSame(modelOne, networks.of(3));

    networks.pointDone(0); // model 0's only point to compute (point 2 was done before)
    assertThrows(IllegalStateException.class, () -> networks.of(0));
    networks.pointDone(1);
    assertSame(modelOne, networks.of(3)); // model 1 still has point 3 to go
    networks.pointDone(3);
    assertThrows(IllegalStateException.class, () -> networks.of(3));
    networks.close(); // nothing left to release: no error
  }

  @Test
  void closeReleasesEveryModelStillHeld() {
    PointNetworks networks =
        new PointNetworks(jsc, networks(4), new int[] {0, 0, 1, 1}, List.of(0, 1, 2, 3), 2);
    networks.pointDone(0);
    networks.close();
    assertThrows(IllegalStateException.class, () -> networks.of(1));
    assertThrows(IllegalStateException.class, () -> networks.of(2));
  }
}
