package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSetTest {

  private static ParameterSet sample() {
    return ParameterSet.builder()
        .add("d/kernel", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
        .add("d/bias", new int[] {3}, new float[] {7, 8, 9})
        .build();
  }

  @Test
  void flattenThenUnflattenRoundTrips() {
    ParameterSet p = sample();
    float[] flat = p.flatten();
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, flat);
    ParameterSet z = p.zerosLike();
    z.unflatten(flat);
    assertEquals(p.contentHash(), z.contentHash());
    assertEquals(List.of("d/kernel", "d/bias"), z.names());
  }

  @Test
  void allFiniteFindsEveryNonFiniteElement() {
    // every position of two arrays, the first and last elements of each included
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at = 0; at < 137; at++) {
        float[] a = new float[37];
        float[] b = new float[100];
        java.util.Arrays.fill(a, -Float.MAX_VALUE);
        java.util.Arrays.fill(b, Float.MIN_VALUE);
        ParameterSet p =
            ParameterSet.builder()
                .add("a", new int[] {37}, a)
                .add("b", new int[] {100}, b)
                .build();
        assertTrue(p.allFinite());
        if (at < 37) {
          a[at] = bad;
        } else {
          b[at - 37] = bad;
        }
        assertFalse(p.allFinite(), bad + " at " + at);
      }
    }
  }

  @Test
  void contentHashChangesWithOneBit() {
    ParameterSet p = sample();
    ParameterSet q = p.copy();
    q.get("d/bias")[2] = Math.nextUp(9f);
    assertNotEquals(p.contentHash(), q.contentHash());
    assertEquals(64, p.contentHash().length());
  }

  @Test
  void rejectsWrongLengthAndDuplicateNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParameterSet.builder().add("x", new int[] {2}, new float[3]));
    assertTrue(e.getMessage().contains("ParameterSet[x]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ParameterSet.builder()
                .add("x", new int[] {1}, new float[1])
                .add("x", new int[] {1}, new float[1])
                .build());
  }

  @Test
  void addsAndScalesInPlace() {
    ParameterSet p = sample();
    p.addInPlace(sample());
    p.scaleInPlace(0.5);
    assertArrayEquals(sample().flatten(), p.flatten());
    assertEquals(Math.sqrt(285), p.globalNorm(), 1e-9);
  }
}
