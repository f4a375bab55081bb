package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.SimulationException;

class FixedPointAccumulatorTest {

  private static List<float[]> vectors(int count, int len, long seed) {
    Random rnd = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] v = new float[len];
      for (int k = 0; k < len; k++) {
        // magnitudes spread over 12 decades, both signs
        v[k] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 8));
      }
      out.add(v);
    }
    return out;
  }

  @Test
  void sumIsIndependentOfOrder() {
    List<float[]> vs = vectors(40, 500, 7);
    FixedPointAccumulator a = new FixedPointAccumulator(500);
    vs.forEach(a::add);
    for (long seed = 1; seed <= 5; seed++) {
      List<float[]> shuffled = new ArrayList<>(vs);
      Collections.shuffle(shuffled, new Random(seed));
      FixedPointAccumulator b = new FixedPointAccumulator(500);
      shuffled.forEach(b::add);
      assertArrayEquals(a.sums(), b.sums());
    }
  }

  @Test
  void sumIsIndependentOfGrouping() {
    List<float[]> vs = vectors(30, 300, 11);
    FixedPointAccumulator flat = new FixedPointAccumulator(300);
    vs.forEach(flat::add);
    // three groups of uneven size, summed separately and then combined in reverse order
    int[][] groups = {{0, 4}, {4, 21}, {21, 30}};
    List<long[]> partials = new ArrayList<>();
    for (int[] g : groups) {
      FixedPointAccumulator p = new FixedPointAccumulator(300);
      vs.subList(g[0], g[1]).forEach(p::add);
      partials.add(p.sums());
    }
    FixedPointAccumulator combined = new FixedPointAccumulator(300);
    for (int i = partials.size() - 1; i >= 0; i--) {
      combined.addFixed(partials.get(i));
    }
    assertArrayEquals(flat.sums(), combined.sums());
    assertArrayEquals(flat.toFloats(), combined.toFloats());
  }

  @Test
  void floatSummationWouldDependOnOrderForTheSameInputs() {
    // the reason for fixed point: plain float sums of these vectors differ with order
    List<float[]> vs = vectors(40, 500, 7);
    List<float[]> reversed = new ArrayList<>(vs);
    Collections.reverse(reversed);
    assertNotEquals(
        java.util.Arrays.hashCode(floatSum(vs)), java.util.Arrays.hashCode(floatSum(reversed)));
  }

  private static float[] floatSum(List<float[]> vs) {
    float[] s = new float[vs.get(0).length];
    for (float[] v : vs) {
      for (int k = 0; k < s.length; k++) {
        s[k] += v[k];
      }
    }
    return s;
  }

  @Test
  void valuesOfModerateMagnitudeRoundTripExactly() {
    float[] v = {1.0f, -0.0039062500f, 123456.7f, -3.14159f, 0.00390625f, 1.0e9f};
    FixedPointAccumulator a = new FixedPointAccumulator(v.length);
    a.add(v);
    assertArrayEquals(v, a.toFloats());
  }

  @Test
  void tinyValuesRoundToTheResolution() {
    assertEquals(0L, FixedPointAccumulator.toFixed(1e-11, 0));
    assertEquals(1L, FixedPointAccumulator.toFixed(0x1p-32, 0));
    assertEquals(0x1p-32, FixedPointAccumulator.toDouble(1L));
  }

  @Test
  void overflowingSumIsDetected() {
    FixedPointAccumulator a = new FixedPointAccumulator(3);
    a.add(new float[] {1, 2, 1.5e9f});
    SimulationException e =
        assertThrows(SimulationException.class, () -> a.add(new float[] {1, 2, 1.0e9f}));
    assertTrue(e.getMessage().contains("element 2"), e.getMessage());
    assertTrue(e.getMessage().contains("overflows"), e.getMessage());
  }

  @Test
  void valueOutOfRangeIsDetected() {
    FixedPointAccumulator a = new FixedPointAccumulator(2);
    SimulationException e =
        assertThrows(SimulationException.class, () -> a.add(new float[] {0, 3.0e9f}));
    assertTrue(e.getMessage().contains("element 1 must have |x| < 2^31"), e.getMessage());
  }

  @Test
  void nonFiniteValueIsDetected() {
    FixedPointAccumulator a = new FixedPointAccumulator(2);
    SimulationException e =
        assertThrows(SimulationException.class, () -> a.add(new float[] {Float.NaN, 0}));
    assertTrue(e.getMessage().contains("element 0 is not finite"), e.getMessage());
  }

  @Test
  void rejectsVectorOfAnotherLength() {
    FixedPointAccumulator a = new FixedPointAccumulator(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.add(new float[3]));
    assertTrue(e.getMessage().contains("FixedPointAccumulator.values.length"), e.getMessage());
  }

  /**
   * The range is |x| < 2^31 (32 integer bits with the sign, 32 fractional): the largest double
   * below 2^31 round-trips exactly, 2^31 itself is rejected (its fixed-point value 2^63 does not
   * fit in a long), on both sides.
   */
  @Test
  void rangeEndsJustBelowTwoToTheThirtyOne() {
    double below = Math.nextDown(0x1p31);
    assertEquals(below, FixedPointAccumulator.toDouble(FixedPointAccumulator.toFixed(below, 0)));
    assertEquals(-below, FixedPointAccumulator.toDouble(FixedPointAccumulator.toFixed(-below, 0)));
    for (double x : new double[] {0x1p31, -0x1p31}) {
      SimulationException e =
          assertThrows(SimulationException.class, () -> FixedPointAccumulator.toFixed(x, 4));
      assertTrue(e.getMessage().contains("element 4 must have |x| < 2^31"), e.getMessage());
    }
  }
}
